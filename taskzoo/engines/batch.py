"""``taskzoo.batch``: run a task over a whole dataset and write the results as Parquet.

Two engines, one output: ``engine="ray"`` reads with Ray Data's readers and runs the model on a
pool of actors (on this machine or a cluster); ``engine="local"`` does the same in this process
through :meth:`Pipeline.stream`. Both go through :class:`~taskzoo.engines.ray.TaskPredictor`, so
their outputs match row for row: the input's columns (minus image/audio bytes), one column per
result field, and ``error`` (null unless that row failed). Rows stay in input order and carry
a ``row`` number (or the input's id column).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from taskzoo.engines.ray import DEFAULT_ACTOR_CPUS, TaskPredictor
from taskzoo.engines.runner import OnError
from taskzoo.engines.sources import Source, estimate_rows, open_source, read_local
from taskzoo.errors import InvalidInputError
from taskzoo.registry import REGISTRY

Engine = Literal["ray", "local"]
ROW = "row"
#: rows per block Ray is asked to read at most (more blocks: more actors busy, less memory each)
ROWS_PER_BLOCK = 10_000


@dataclass(frozen=True)
class BatchReport:
    """What a batch job did: rows in and out, failed rows, time, and where the results are.

    ``table`` holds the results when no output path was given.
    """

    task: str
    model: str
    engine: str
    workers: int
    rows: int
    errors: int
    seconds: float
    output: Path | None = None
    table: Any = field(default=None, repr=False)

    def to_pandas(self) -> Any:
        """The results as a pandas DataFrame (read back from the output when written)."""
        return self.to_arrow().to_pandas()

    def to_arrow(self) -> Any:
        """The results as a pyarrow Table (read back from the output when written)."""
        if self.table is not None:
            return self.table
        import pyarrow.parquet as pq

        assert self.output is not None
        return pq.read_table(str(self.output))

    def __str__(self) -> str:
        where = f" -> {self.output}" if self.output else ""
        engine = f"ray x{self.workers}" if self.engine == "ray" else "local"
        return (f"{self.task} ({self.model}) on {engine}: {self.rows:,} rows, "
                f"{self.errors:,} errors, {self.seconds:.1f} s{where}")


def batch(
    task: str,
    source: Any,
    output: str | Path | None = None,
    engine: Engine = "ray",
    model: str | None = None,
    column: str | None = None,
    id_column: str | None = None,
    workers: int = 2,
    batch_size: int = 64,
    on_error: OnError = "record",
    *,
    address: str | None = None,
    num_cpus: float = DEFAULT_ACTOR_CPUS,
    num_gpus: float = 0,
    prefix: str = "",
    model_options: dict[str, Any] | None = None,
    call_options: dict[str, Any] | None = None,
) -> BatchReport:
    """Run ``task`` on every row of ``source`` and write one output row per input row.

    Args:
        task: task name or alias.
        source: a ``.parquet``/``.csv``/``.jsonl`` file, a folder (of Parquet files, or of image /
            audio / text files: one row per file with ``path``), a pandas DataFrame, a pyarrow
            Table, a list of inputs, or (engine ``"ray"``) a ``ray.data.Dataset``.
        output: a ``.parquet`` file (written in input order), a folder (Ray writes one file per
            block, in parallel), or None to keep the results in memory (``report.table``).
        engine: ``"ray"`` (Ray Data actors) or ``"local"`` (this process).
        model: model name, alias or local path (the task's default if None).
        column: the input column; guessed if None (``text``, ``image``, ``bytes``, ``path``...).
        id_column: an input column identifying rows, kept in the output; without it a ``row``
            column numbers the rows (file outputs and in-memory results).
        workers: Ray actors, each holding one copy of the model.
        batch_size: rows per model call.
        on_error: ``"record"`` (failing rows get an ``error`` message) or ``"raise"``.
        address: a Ray cluster to join (``"auto"``); by default a local Ray is started.
        num_cpus, num_gpus: resources reserved per Ray actor.
        prefix: put before every added column name.
        model_options, call_options: backend options and per-call options for the model.

    Returns:
        a :class:`BatchReport` (rows, errors, seconds, output path or table).
    """
    if engine not in ("ray", "local"):
        raise InvalidInputError(f"engine must be 'ray' or 'local', got {engine!r}")
    if not isinstance(workers, int) or workers < 1:
        raise InvalidInputError(f"workers must be a positive int, got {workers!r}")
    spec = REGISTRY.task(task)
    card = REGISTRY.resolve(task, model)
    src = open_source(source, spec.input_kind)
    if id_column is None and src.kind == "folder":
        id_column = "path"
    if on_error not in ("record", "raise"):
        raise InvalidInputError(f"on_error must be 'record' or 'raise', got {on_error!r}")
    options = {"prefix": prefix, "model_options": model_options, "call_options": call_options}
    out_path = Path(output).expanduser() if output is not None else None
    start = time.perf_counter()
    if engine == "local":
        predictor = TaskPredictor(task, model, column, batch_size=batch_size, on_error=on_error,
                                  **options)
        tables: Iterator[Any] = (predictor(t) for t in read_local(src, batch_size))
        rows, errors, table = _collect(tables, out_path, id_column, error_column(spec, prefix))
    else:
        # actors always record errors; with on_error="raise" the driver stops at the first one
        rows, errors, table = _run_ray(
            src, out_path, task, model, column, id_column, workers, batch_size,
            address, num_cpus, num_gpus, options, error_column(spec, prefix),
            fail_fast=on_error == "raise",
        )
    return BatchReport(
        task=spec.name, model=card.name, engine=engine, workers=workers if engine == "ray" else 1,
        rows=rows, errors=errors, seconds=time.perf_counter() - start, output=out_path,
        table=table,
    )


def error_column(spec: Any, prefix: str) -> str:
    """The name of the error column for a task (see :class:`ResultLayout`)."""
    from taskzoo.engines.columns import ResultLayout

    return ResultLayout(spec, prefix=prefix).error_column


def _run_ray(
    src: Source, out_path: Path | None, task: str, model: str | None, column: str | None,
    id_column: str | None, workers: int, batch_size: int, address: str | None,
    num_cpus: float, num_gpus: float, options: dict[str, Any], error_name: str,
    fail_fast: bool,
) -> tuple[int, int, Any]:
    from taskzoo.engines.ray import map_task, ray_session, unwrap_ray_error
    from taskzoo.engines.sources import read_ray

    with ray_session(address=address):
        dataset = _split(read_ray(src), src, workers)
        mapped = map_task(dataset, task, model, column, workers=workers, num_cpus=num_cpus,
                          num_gpus=num_gpus, batch_size=batch_size, **options)
        try:
            if out_path is not None and out_path.suffix.lower() not in {".parquet", ".pq"}:
                from taskzoo.engines.ray import write_directory

                write_directory(mapped, out_path)
                rows, errors = _count_directory(out_path, error_name, fail_fast)
                return rows, errors, None
            tables = mapped.iter_batches(batch_size=None, batch_format="pyarrow")
            return _collect(tables, out_path, id_column, error_name, fail_fast)
        except Exception as exc:
            inner = unwrap_ray_error(exc)
            if inner is exc:
                raise
            raise inner from None


def _split(dataset: Any, src: Source, workers: int) -> Any:
    """Split the data into blocks small enough that every worker gets some (a single file is
    otherwise one block for one actor): at least 4 blocks per worker, at most ROWS_PER_BLOCK
    rows each. Streaming: nothing is materialised."""
    rows = estimate_rows(src)
    if rows is None:
        return dataset
    blocks = max(4 * workers, math.ceil(rows / ROWS_PER_BLOCK))
    return dataset.repartition(target_num_rows_per_block=max(1, math.ceil(rows / blocks)))


def _collect(
    tables: Iterator[Any], out_path: Path | None, id_column: str | None, error_name: str,
    fail_fast: bool = False,
) -> tuple[int, int, Any]:
    """Number the rows (unless there is an id column), write them to ``out_path`` in order or
    keep them in memory; return (rows, errors, table or None)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = errors = 0
    writer = None
    kept: list[Any] = []
    try:
        for table in tables:
            if table.num_rows == 0:
                continue
            if id_column is None:
                numbers = pa.array(range(rows, rows + table.num_rows), pa.int64())
                table = table.add_column(0, ROW, numbers)
            elif id_column not in table.column_names:
                raise InvalidInputError(
                    f"no id column {id_column!r} in the data; its columns are "
                    f"{table.column_names}"
                )
            if fail_fast:
                _raise_first_error(table, error_name, rows)
            rows += table.num_rows
            errors += int(pc.count(table.column(error_name)).as_py())  # non-null
            if out_path is None:
                kept.append(table)
                continue
            if writer is None:
                import pyarrow.parquet as pq

                out_path.parent.mkdir(parents=True, exist_ok=True)
                writer = pq.ParquetWriter(str(out_path), table.schema)
            writer.write_table(_conform(table, writer.schema))
    finally:
        if writer is not None:
            writer.close()
    if out_path is not None and writer is None:
        raise InvalidInputError("the input has no rows: nothing was written")
    table = pa.concat_tables(kept, promote_options="default") if kept else None
    return rows, errors, table


def _conform(table: Any, schema: Any) -> Any:
    if table.schema.equals(schema):
        return table
    return table.select(schema.names).cast(schema)


def _count_directory(path: Path, error_name: str, fail_fast: bool) -> tuple[int, int]:
    import pyarrow.compute as pc
    import pyarrow.dataset as pds

    table = pds.dataset(str(path), format="parquet").to_table(columns=[error_name])
    if fail_fast:
        _raise_first_error(table, error_name, 0)
    return table.num_rows, int(pc.count(table.column(error_name)).as_py())


def _raise_first_error(table: Any, error_name: str, offset: int) -> None:
    """Raise the first recorded row error of ``table`` as the taskzoo error it was."""
    import pyarrow.compute as pc

    failed = pc.indices_nonzero(pc.is_valid(table.column(error_name)))
    if len(failed) == 0:
        return
    from taskzoo import errors

    index = failed[0].as_py()
    message = table.column(error_name)[index].as_py()
    name, _, text = message.partition(": ")
    kind = getattr(errors, name, None)
    if not (isinstance(kind, type) and issubclass(kind, errors.TaskZooError)):
        kind, text = errors.TaskZooError, message
    raise kind(f"row {offset + index}: {text} (on_error='raise'; use 'record' to keep going)")
