"""Reading an input column from, and adding columns to, the batch formats Ray Data hands out:
``pyarrow.Table``, ``pandas.DataFrame`` and ``dict[str, numpy.ndarray]``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from taskzoo.errors import InvalidInputError


def column_names(batch: Any) -> list[str]:
    """The column names of a batch in any supported format."""
    if hasattr(batch, "column_names"):  # pyarrow.Table
        return list(batch.column_names)
    if hasattr(batch, "columns"):  # pandas.DataFrame
        return [str(c) for c in batch.columns]
    if isinstance(batch, Mapping):
        return list(batch)
    raise InvalidInputError(
        f"expected a batch as a pyarrow.Table, pandas.DataFrame or dict of numpy arrays, "
        f"got {type(batch).__name__}"
    )


def num_rows(batch: Any) -> int:
    """The number of rows in a batch."""
    if hasattr(batch, "num_rows"):
        return int(batch.num_rows)
    if hasattr(batch, "columns") and hasattr(batch, "index"):
        return len(batch.index)
    return len(next(iter(batch.values()))) if batch else 0


def read_column(batch: Any, name: str) -> list[Any]:
    """The values of column ``name`` as Python objects (str, bytes, numpy arrays, None)."""
    names = column_names(batch)
    if name not in names:
        raise InvalidInputError(
            f"the data has no column {name!r}; its columns are {names}: pass column=<name>"
        )
    if hasattr(batch, "column_names"):
        return _arrow_values(batch.column(name))
    column = batch[name]
    plain = hasattr(column, "dtype") and column.dtype != object
    values = column.tolist() if plain else list(column)
    return [_missing_to_none(v) for v in values]


def _arrow_values(column: Any) -> list[Any]:
    import pyarrow as pa

    if isinstance(column.type, pa.ExtensionType):  # Ray's tensor columns (read_images)
        return [row for chunk in column.chunks for row in chunk.to_numpy()]
    return list(column.to_pylist())


def _missing_to_none(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value  # NaN -> None


def add_columns(batch: Any, arrays: Mapping[str, Any]) -> Any:
    """``batch`` (same format) with the Arrow ``arrays`` added or replaced as columns."""
    if hasattr(batch, "column_names"):
        table = batch
        for name, array in arrays.items():
            if name in table.column_names:
                table = table.drop_columns([name])
            table = table.append_column(name, array)
        return table
    if hasattr(batch, "columns") and hasattr(batch, "index"):
        frame = batch.copy()
        for name, array in arrays.items():
            frame[name] = _to_numpy(array)
        return frame
    out = dict(batch)
    for name, array in arrays.items():
        out[name] = _to_numpy(array)
    return out


def _to_numpy(array: Any) -> Any:
    import numpy as np
    import pyarrow as pa

    if pa.types.is_list(array.type):
        rows = array.to_pylist()
        if rows and all(r is not None for r in rows) and len({len(r) for r in rows}) == 1:
            return np.asarray(rows, dtype=np.float32)
        out = np.empty(len(rows), dtype=object)
        out[:] = [None if r is None else np.asarray(r, dtype=np.float32) for r in rows]
        return out
    return array.to_numpy(zero_copy_only=False)


def drop_columns(batch: Any, names: list[str]) -> Any:
    """``batch`` without the columns ``names`` (those it has)."""
    names = [n for n in names if n in column_names(batch)]
    if not names:
        return batch
    if hasattr(batch, "column_names"):
        return batch.drop_columns(names)
    if hasattr(batch, "columns") and hasattr(batch, "index"):
        return batch.drop(columns=names)
    return {k: v for k, v in batch.items() if k not in names}


def is_heavy(batch: Any, name: str) -> bool:
    """True when column ``name`` holds binary data or arrays (image/audio bytes, pixels):
    worth dropping from the output."""
    if hasattr(batch, "column_names"):
        import pyarrow as pa

        kind = batch.schema.field(name).type
        return bool(pa.types.is_binary(kind) or pa.types.is_large_binary(kind)
                    or isinstance(kind, pa.ExtensionType) or pa.types.is_list(kind))
    first = next(iter(batch[name]), None)
    return isinstance(first, (bytes, bytearray)) or hasattr(first, "shape")
