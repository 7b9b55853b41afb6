"""Results as table columns, derived generically from the result dataclasses.

A task's result type is read from its :class:`~taskzoo.registry.TaskSpec` (``result`` starts with
the type: ``"Label ..."``, ``"list[Entity] ..."``, ``"numpy.ndarray ..."``) and turned into a
fixed set of columns, so every batch of every worker writes the same schema:

* a result dataclass: one column per field; scalar fields (str, int, float, bool) stay typed,
  nested ones (lists of lines, boxes, segments; score dicts) become JSON strings;
* a list of results (entities): one JSON column named after the item type (``entities``);
* a vector (embeddings): one ``list<float32>`` column named ``embedding``;
* always an ``error`` column: null on success, ``"<ErrorType>: message"`` on a failed row (whose
  result columns are then null).

A result column whose name is already taken by an input column gets the task name as a prefix
(``ocr_text``).
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from taskzoo import results as result_types
from taskzoo.engines.runner import RowError
from taskzoo.registry import TaskSpec

if TYPE_CHECKING:
    import pyarrow as pa

ERROR = "error"
VECTOR = "embedding"
_SCALARS: dict[type, str] = {str: "string", bool: "bool", int: "int64", float: "float64"}


@dataclass(frozen=True)
class Column:
    """One output column: ``name`` in the table, ``field`` in the result's dict (``None``: the
    whole result), and how values are stored: an Arrow scalar type, ``"json"`` or ``"vector"``."""

    name: str
    field: str | None
    kind: str


class ResultLayout:
    """The output columns of one task, and the conversion of outcomes into an Arrow table."""

    def __init__(
        self, spec: TaskSpec, taken: Collection[str] = (), prefix: str = ""
    ) -> None:
        self.spec = spec
        self.prefix = prefix
        self.taken = set(taken)
        self.columns: list[Column] | None = _columns_for(spec.result)

    # -- naming ---------------------------------------------------------------------------------
    def _name(self, base: str) -> str:
        name = f"{self.prefix}{base}"
        return f"{self.spec.name}_{name}" if name in self.taken else name

    @property
    def error_column(self) -> str:
        """The name of the error column."""
        return self._name(ERROR)

    def names(self) -> list[str]:
        """Names of the result columns (without the error column), once the layout is known."""
        return [self._name(c.name) for c in self.columns or []]

    # -- conversion -----------------------------------------------------------------------------
    def arrays(self, outcomes: Sequence[Any]) -> dict[str, pa.Array]:
        """Result columns plus the error column for ``outcomes`` (results or RowErrors)."""
        import pyarrow as pa

        if self.columns is None:  # result type not declared: learn it from the first result
            first = next((o for o in outcomes if not isinstance(o, RowError)), None)
            if first is not None:
                self.columns = _columns_for_value(first)
        plain = [None if isinstance(o, RowError) else _plain(o) for o in outcomes]
        out: dict[str, pa.Array] = {}
        for column in self.columns or []:
            values = [None if p is None else _cell(o, p, column)
                      for o, p in zip(outcomes, plain, strict=True)]
            out[self._name(column.name)] = _array(values, column.kind)
        errors = [o.message if isinstance(o, RowError) else None for o in outcomes]
        out[self.error_column] = pa.array(errors, pa.string())
        return out


def _columns_for(result: str) -> list[Column] | None:
    match = re.match(r"\s*(list\[)?([A-Za-z_][\w.]*)", result or "")
    if not match:
        return None
    is_list, name = bool(match.group(1)), match.group(2)
    if name in {"numpy.ndarray", "ndarray", "np.ndarray"}:
        return [Column(VECTOR, None, "vector")]
    cls = getattr(result_types, name, None)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        return None
    if is_list:
        return [Column(_plural(cls.__name__), None, "json")]
    return _fields(cls)


def _columns_for_value(value: Any) -> list[Column]:
    if hasattr(value, "shape") and hasattr(value, "tolist"):
        return [Column(VECTOR, None, "vector")]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(type(value))
    if isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
        return [Column(_plural(type(value[0]).__name__), None, "json")]
    return [Column("result", None, "json")]


def _fields(cls: type) -> list[Column]:
    hints = typing.get_type_hints(cls)
    return [Column(f.name, f.name, _kind(hints[f.name])) for f in dataclasses.fields(cls)]


def _kind(hint: Any) -> str:
    """The Arrow type name for a scalar (optionally None-able) field, else ``"json"``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else hint
    return _SCALARS.get(hint, "json") if isinstance(hint, type) else "json"


def _plural(name: str) -> str:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return f"{snake[:-1]}ies" if snake.endswith("y") else f"{snake}s"


def _plain(outcome: Any) -> Any:
    """A result as plain values: a dict for a dataclass, a list of dicts for a list of them."""
    if hasattr(outcome, "to_dict"):
        return outcome.to_dict()
    if isinstance(outcome, list):
        return [_plain(item) for item in outcome]
    return outcome


def _cell(outcome: Any, plain: Any, column: Column) -> Any:
    if column.field is None:
        value = plain
    elif isinstance(plain, dict) and column.field in plain:
        value = plain[column.field]
    else:  # another result type for this row (a PDF's OCRDocument): take what it has, e.g. text
        value = _plain(getattr(outcome, column.field, None))
    if column.kind == "json":
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return value


def _array(values: list[Any], kind: str) -> pa.Array:
    import numpy as np
    import pyarrow as pa

    if kind == "vector":
        rows = [None if v is None else np.asarray(v, dtype=np.float32) for v in values]
        return pa.array(rows, pa.list_(pa.float32()))
    return pa.array(values, pa.string() if kind == "json" else getattr(pa, kind)())
