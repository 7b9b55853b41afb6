"""Ray Data engine: any taskzoo task as a ``Dataset.map_batches`` step.

:class:`TaskPredictor` is a callable class for ``map_batches``: Ray constructs it once per actor
(the model loads lazily there, on the first batch) and calls it on batches in any format
(pyarrow, pandas, numpy). It reads one input column and adds result columns plus ``error``::

    import ray
    from taskzoo.engines.ray import TaskPredictor

    ds = ray.data.read_parquet("reviews.parquet")
    ds = ds.map_batches(
        TaskPredictor,
        fn_constructor_kwargs={"task": "sentiment", "column": "text"},
        compute=ray.data.ActorPoolStrategy(size=2),
        num_cpus=0.5,
        batch_size=256,
        batch_format="pyarrow",
    )
    ds.write_parquet("out/")

:func:`map_task` does that call with the right defaults; :func:`ray_session` starts a local Ray
suited to a small machine (or joins a cluster) and shuts it down afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from taskzoo.engines.columns import ResultLayout
from taskzoo.engines.runner import OnError, RowRunner
from taskzoo.engines.sources import guess_column
from taskzoo.engines.tables import add_columns, column_names, drop_columns, is_heavy, read_column
from taskzoo.errors import MissingDependencyError
from taskzoo.pipeline import Pipeline

#: CPUs reserved per actor by default: fractional so Ray's own read tasks still find a CPU on a
#: small machine (with a whole CPU per actor, 2 actors on 2 cores leave none and the job hangs).
DEFAULT_ACTOR_CPUS = 0.5


class TaskPredictor:
    """Runs a taskzoo task on one column of Ray Data batches (a callable class for map_batches).

    Args:
        task: task name or alias (``"sentiment"``, ``"ocr"``, ...).
        model: model name, alias or local path (the task's default if None).
        column: the input column (text; image or audio bytes, paths or arrays); guessed from the
            column names if None (``text``; ``image``/``bytes``/``path``; ...).
        prefix: put before every added column name (to run two tasks on one dataset).
        on_error: ``"record"`` (a failing row gets an ``error`` value) or ``"raise"`` (fail fast).
        batch_size: rows per model call inside a batch (the pipeline's default if None).
        keep_input: keep the input column in the output; by default it is dropped only when it
            holds bytes or arrays (images, audio).
        model_options: backend options for the model (see its card).
        call_options: per-call options passed to the model (e.g. ``{"k": 3}``).
    """

    def __init__(
        self,
        task: str,
        model: str | None = None,
        column: str | None = None,
        *,
        prefix: str = "",
        on_error: OnError = "record",
        batch_size: int | None = None,
        keep_input: bool | None = None,
        model_options: dict[str, Any] | None = None,
        call_options: dict[str, Any] | None = None,
    ) -> None:
        self.pipeline = Pipeline(task, model, **(model_options or {}))
        self.runner = RowRunner(self.pipeline, on_error, batch_size, call_options)
        self.column = column
        self.prefix = prefix
        self.keep_input = keep_input
        self.layout: ResultLayout | None = None

    def __call__(self, batch: Any) -> Any:
        """``batch`` with the result columns and the error column added (same format)."""
        names = column_names(batch)
        column = self.column or guess_column(names, self.pipeline.spec.input_kind)
        self.column = column
        if self.layout is None:
            self.layout = ResultLayout(self.pipeline.spec, taken=names, prefix=self.prefix)
        outcomes = self.runner.run(read_column(batch, column))
        out = add_columns(batch, self.layout.arrays(outcomes))
        drop = not self.keep_input if self.keep_input is not None else is_heavy(batch, column)
        return drop_columns(out, [column]) if drop else out


def map_task(
    dataset: Any,
    task: str,
    model: str | None = None,
    column: str | None = None,
    *,
    workers: int = 2,
    num_cpus: float = DEFAULT_ACTOR_CPUS,
    num_gpus: float = 0,
    batch_size: int = 64,
    **predictor_options: Any,
) -> Any:
    """``dataset.map_batches`` with a :class:`TaskPredictor` on a pool of ``workers`` actors.

    ``num_cpus``/``num_gpus`` are reserved per actor; ``batch_size`` rows go to each call.
    ``predictor_options`` are :class:`TaskPredictor` keyword arguments.
    """
    import inspect

    import ray.data

    extra: dict[str, Any] = {}
    if "udf_modifying_row_count" in inspect.signature(dataset.map_batches).parameters:
        extra["udf_modifying_row_count"] = False  # one output row per input row (Ray ≥ 2.54)
    return dataset.map_batches(
        TaskPredictor,
        fn_constructor_kwargs={"task": task, "model": model, "column": column,
                               "batch_size": batch_size, **predictor_options},
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=num_cpus,
        num_gpus=num_gpus or None,
        batch_size=batch_size,
        batch_format="pyarrow",
        **extra,
    )


@contextlib.contextmanager
def ray_session(
    address: str | None = None, num_cpus: int | None = None, quiet: bool = True
) -> Iterator[None]:
    """A Ray runtime for the duration of the block.

    Reuses a running ``ray.init()``; joins a cluster when ``address`` is given (``"auto"``
    finds one started with ``ray start --head``); else starts a local Ray with ``num_cpus``
    (all cores by default), no dashboard and token auth off, and shuts it down afterwards.
    Results come back in input order (``preserve_order``).
    """
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise MissingDependencyError(
            f"engine='ray' needs Ray Data ({exc.name} is missing): pip install \"taskzoo[ray]\""
        ) from exc
    started = False
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": not quiet}
        if quiet:
            kwargs["logging_level"] = logging.WARNING
        if address:
            ray.init(address=address, **kwargs)
        else:  # a private local Ray: no token file under ~/.ray (DESIGN §5)
            os.environ.setdefault("RAY_AUTH_MODE", "disabled")
            ray.init(num_cpus=num_cpus or os.cpu_count() or 1, **kwargs)
        started = True
    context = ray.data.DataContext.get_current()
    saved = context.execution_options.preserve_order
    context.execution_options.preserve_order = True
    if quiet:  # progress goes to the ray.data logger when not on a terminal
        logging.getLogger("ray.data").setLevel(logging.WARNING)
    try:
        yield
    finally:
        context.execution_options.preserve_order = saved
        if started:
            ray.shutdown()


def unwrap_ray_error(exc: BaseException) -> BaseException:
    """The taskzoo error behind a Ray task failure, else ``exc``.

    Ray hands the driver a ``RayTaskError`` whose chain stops at its own ``UserCodeException``;
    the worker's exception survives only in the traceback text, so a TaskZooError is rebuilt from
    its last ``taskzoo.errors.<Type>: <message>`` line.
    """
    from taskzoo import errors

    if isinstance(exc, errors.TaskZooError):
        return exc
    found = re.findall(r"taskzoo\.errors\.(\w+): (.+)", str(exc))
    if not found:
        return exc
    name, message = found[-1]
    kind = getattr(errors, name, errors.TaskZooError)
    return kind(message) if isinstance(kind, type) else exc


def write_directory(dataset: Any, output: Path) -> None:
    """Write ``dataset`` as a folder of Parquet files, one or more per block (distributed)."""
    dataset.write_parquet(str(output))
