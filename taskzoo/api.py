"""The public functions: ``load``, ``run``, ``tasks``, ``models``.

The one-liners (``taskzoo.sentiment(...)`` and friends, in :mod:`taskzoo.oneliners`) are thin
sugar over :func:`run`, which keeps one pipeline per (task, model, options) per process so a
model is loaded once however often it is called.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from taskzoo.pipeline import Pipeline
from taskzoo.registry import REGISTRY, ModelCard

_pipelines: dict[tuple[str, str, str], Pipeline] = {}
_pipelines_lock = threading.Lock()


def load(task: str, model: str | Path | None = None, **options: Any) -> Pipeline:
    """A new lazy :class:`Pipeline` for ``task`` (its default model unless ``model`` is given).

    ``model`` is a registered name or alias, or a path to a local model. Nothing is loaded until
    the first call. Extra keyword arguments are backend options (see the model card).
    """
    return Pipeline(task, model, **options)


def pipeline_for(task: str, model: str | Path | None = None, **options: Any) -> Pipeline:
    """The process-wide shared pipeline for these arguments (created on first use)."""
    card = REGISTRY.resolve(task, model)
    key = (card.task, card.name, repr(sorted(options.items())))
    with _pipelines_lock:
        if key not in _pipelines:
            _pipelines[key] = Pipeline(task, card, **options)
        return _pipelines[key]


def run(task: str, inputs: Any, model: str | Path | None = None, **kwargs: Any) -> Any:
    """Run ``task`` on one input or a list of inputs with a cached pipeline.

    ``kwargs`` are per-call options (for example ``k=3`` for langid), passed to the model.
    """
    return pipeline_for(task, model)(inputs, **kwargs)


def tasks() -> dict[str, str]:
    """Every task name mapped to its default model's name."""
    specs = (REGISTRY.task(name) for name in REGISTRY.task_names())
    return {spec.name: spec.default.name for spec in specs if spec.models}


def models(task: str | None = None) -> list[ModelCard]:
    """The model cards of one task (default first), or of every task."""
    names = [task] if task is not None else REGISTRY.task_names()
    return [card for name in names for card in REGISTRY.task(name).models]
