"""``taskzoo.evaluate``: every model of a task on the same data, on quality, speed, memory, cost."""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskzoo.errors import TaskZooError
from taskzoo.evaluation.data import Example, heldout, load_file, tasks_root
from taskzoo.evaluation.runner import measure, measure_isolated
from taskzoo.evaluation.scoring import PRIMARY, kind_of, score
from taskzoo.registry import REGISTRY, ModelCard, TaskSpec

#: Default price of one CPU core for one hour, in US dollars: AWS EC2 c7i.large on-demand
#: (2 vCPUs, Linux, us-east-1) lists at $0.08925/hour, i.e. ~$0.045 per vCPU-hour
#: (https://aws.amazon.com/ec2/pricing/on-demand/). Override with ``price_per_core_hour=`` or
#: the ``TASKZOO_PRICE_PER_CORE_HOUR`` environment variable.
DEFAULT_PRICE_PER_CORE_HOUR = 0.045

#: Pipelines of models whose card has this option are evaluated only when named explicitly.
OPT_IN = "opt_in"


@dataclass
class ModelReport:
    """Everything measured for one model on one task."""

    name: str
    quality: dict[str, float] = field(default_factory=dict)
    items: int = 0
    failures: int = 0
    failure_examples: list[str] = field(default_factory=list)
    load_s: float | None = None
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None
    throughput_items_s: float | None = None
    best_batch_size: int | None = None
    throughput_by_batch: dict[str, float] = field(default_factory=dict)
    size_mb: float | None = None
    peak_rss_added_mb: float | None = None
    cpu_s_per_1k: float | None = None
    usd_per_1k: float | None = None
    isolated: bool = True
    error: str | None = None


@dataclass
class TaskReport:
    """The evaluation of every model of one task on one dataset."""

    task: str
    kind: str
    data: str
    items: int
    primary_metric: str
    higher_is_better: bool
    price_per_core_hour: float
    models: list[ModelReport]
    machine: dict[str, Any]
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The report as plain values (JSON)."""
        import dataclasses

        return dataclasses.asdict(self)

    def table(self) -> str:
        """The per-model table, in Markdown."""
        from taskzoo.evaluation.report import markdown_table

        return markdown_table(self)


def machine() -> dict[str, Any]:
    """A description of this machine for the report."""
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total
                                                                 / 2**30, 1),
            "os": platform.platform(), "python": platform.python_version(),
            "load_avg_1m": round(os.getloadavg()[0], 1)}


def _display(origin: str) -> str:
    """``origin`` relative to the project folder when it lies inside it."""
    root = str(tasks_root().parent) + os.sep
    return origin.replace(root, "")


def _spec(task: str) -> tuple[TaskSpec, str]:
    spec = REGISTRY.task(task)
    kind = kind_of(spec.result)
    if kind is None:
        raise TaskZooError(f"task {spec.name!r} has no quality metric in taskzoo.evaluate; "
                           f"evaluable tasks: {', '.join(evaluable_tasks())}")
    return spec, kind


def evaluable_tasks() -> list[str]:
    """Tasks :func:`evaluate` can score."""
    return [t for t in REGISTRY.task_names() if kind_of(REGISTRY.task(t).result)]


def _models(spec: TaskSpec, models: Sequence[Any] | str | None) -> list[Any]:
    if models is None:
        return [c for c in spec.models if not c.options.get(OPT_IN) and _runnable_here(c)]
    if isinstance(models, str):
        models = [m.strip() for m in models.split(",") if m.strip()]
    return list(models)


def _runnable_here(card: ModelCard) -> bool:
    """False (with a note on stderr) for a card whose libraries are not installed here: the
    default model list then leaves it out instead of reporting a failure (name it to force it)."""
    missing = card.missing_modules()
    if missing:
        print(f"taskzoo eval: skipping {card.name} ({', '.join(missing)} not installed: pip "
              f'install "taskzoo[{card.extra}]" or name the model to try it)', file=sys.stderr)
    return not missing


def _pipeline(spec: TaskSpec, model: Any, options: dict[str, Any]) -> tuple[str, Any]:
    """A name and a runnable object for a model given by name, card or object."""
    from taskzoo.pipeline import Pipeline

    if isinstance(model, str) and ":" in model:  # cascade:A>B@t, vote:A+B, mean:A+B
        from taskzoo.combine import from_spec

        combined = from_spec(spec.name, model)
        if combined is not None:
            return combined.name, combined
    if isinstance(model, (str, Path, ModelCard)):
        pipe = Pipeline(spec.name, model, **options)
        return pipe.card.name, pipe
    name = getattr(model, "name", None) or getattr(getattr(model, "card", None), "name", None)
    return str(name or type(model).__name__), model


def _labels(spec: TaskSpec, chosen: list[tuple[str, Any]]) -> tuple[str, ...]:
    """The labels evaluation data may use: every label one of the ``chosen`` models predicts
    (so three-way data with ``neutral`` is accepted when a three-way model is among them); the
    default model's labels stand in for a model whose card names none."""
    labels: list[str] = []
    for _, model in chosen:
        card = getattr(model, "card", None)
        own = tuple(getattr(card, "labels", ()) or ()) or tuple(spec.default.labels)
        labels += [label for label in own if label not in labels]
    return tuple(labels) or tuple(spec.default.labels)


def _size_mb(model: Any) -> float | None:
    card = getattr(model, "card", None)
    if card is None or card.source is None:
        return None
    try:
        path = card.source.locate()
    except TaskZooError:
        return card.size_mb
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20


def evaluate(
    task: str,
    models: Sequence[Any] | str | None = None,
    data: str | Path | Sequence[dict[str, Any]] | None = None,
    limit: int | None = None,
    *,
    batch_size: int = 32,
    isolate: bool = True,
    price_per_core_hour: float | None = None,
    latency_items: int = 20,
    timeout: float | None = None,
    output_dir: str | Path | None = None,
    progress: bool = False,
    options: dict[str, Any] | None = None,
) -> TaskReport:
    """Evaluate models of ``task`` on the same data: quality, latency, throughput, memory, cost.

    ``models``: names (or a comma-separated string), ModelCards, Pipelines, or any object with a
    ``name`` that is callable on a list of inputs (cascades, ensembles); default every registered
    model of the task. ``data``: a CSV / JSONL / JSON file or folder, or a list of records;
    default the task's held-out split (see :mod:`taskzoo.evaluation.data`). ``limit`` keeps the
    first N items. ``isolate`` measures each model in its own process (clean load time and
    memory); objects that do not pickle run in this process. ``output_dir`` writes
    ``<task>.json``, ``<task>.md`` and ``<task>.png`` there. A model that fails to load is
    reported with its error; items a model fails on are counted as failures (and as wrong).
    """
    started = time.perf_counter()
    spec, kind = _spec(task)
    price = price_per_core_hour
    if price is None:
        price = float(os.environ.get("TASKZOO_PRICE_PER_CORE_HOUR", DEFAULT_PRICE_PER_CORE_HOUR))
    chosen = [_pipeline(spec, m, options or {}) for m in _models(spec, models)]
    labels = _labels(spec, chosen) if kind == "classification" else ()
    if data is None:
        examples, origin = heldout(spec.name, kind, labels)
    elif isinstance(data, (str, Path)):
        examples, origin = load_file(data, kind, labels), str(data)
    else:
        from taskzoo.evaluation.data import validate

        examples = validate(list(data), kind, labels, "data", Path.cwd())
        origin = "records passed to evaluate()"
    if limit is not None:
        examples = examples[: max(int(limit), 1)]
    reports = [_evaluate_one(name, model, kind, examples, batch_size, isolate, price,
                             latency_items, timeout, progress)
               for name, model in chosen]
    metric, higher = PRIMARY[kind]
    report = TaskReport(spec.name, kind, _display(origin), len(examples), metric, higher, price,
                        reports, machine(), time.perf_counter() - started)
    if output_dir is not None:
        from taskzoo.evaluation.report import write_report

        write_report(report, Path(output_dir))
    return report


def _evaluate_one(name: str, model: Any, kind: str, examples: list[Example], batch_size: int,
                  isolate: bool, price: float, latency_items: int, timeout: float | None,
                  progress: bool) -> ModelReport:
    import pickle
    import sys

    inputs = [e.input for e in examples]
    kwargs = {"batch_size": batch_size, "latency_items": latency_items}
    if progress:
        print(f"[taskzoo eval] {name}: {len(inputs)} items ...", file=sys.stderr, flush=True)
    run_isolated = isolate
    if isolate:
        try:
            pickle.dumps(model)
        except Exception:
            run_isolated = False
    try:
        raw = (measure_isolated(model, inputs, timeout=timeout, **kwargs) if run_isolated
               else measure(model, inputs, **kwargs))
    except Exception as exc:
        return ModelReport(name, items=len(inputs), failures=len(inputs),
                           error=f"{type(exc).__name__}: {exc}"[:500])
    predictions = raw["predictions"]
    errors = raw["errors"]
    cpu = raw["cpu_s_per_1k"]
    return ModelReport(
        name=name,
        quality={**score(kind, [e.target for e in examples], predictions),
                 **(model.summarize(predictions) if hasattr(model, "summarize") else {})},
        items=len(inputs), failures=len(errors),
        failure_examples=[f"item {k}: {v}" for k, v in list(errors.items())[:3]],
        load_s=raw["load_s"], latency_p50_ms=raw["latency_p50_ms"],
        latency_p95_ms=raw["latency_p95_ms"], throughput_items_s=raw["throughput_items_s"],
        best_batch_size=raw["best_batch_size"], throughput_by_batch=raw["throughput_by_batch"],
        size_mb=_size_mb(model),
        peak_rss_added_mb=raw["peak_rss_added_mb"] if run_isolated else None,
        cpu_s_per_1k=cpu, usd_per_1k=None if cpu is None else cpu / 3600 * price,
        isolated=run_isolated,
    )
