"""The model registry: model cards, task specs, name resolution and third-party plugins.

The zoo itself is declared as data in :mod:`taskzoo.catalog` (one module per family of tasks,
read top to bottom). This module turns that table into lookups:

* :func:`resolve` maps a task name (or alias) and an optional model name (or alias, or a local
  path) to a :class:`ModelCard`, with did-you-mean suggestions for typos;
* third-party packages add tasks or models through the ``taskzoo.models`` entry-point group: each
  entry point is a callable returning an iterable of :class:`TaskSpec` and/or :class:`ModelCard`.
"""

from __future__ import annotations

import dataclasses
import importlib
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskzoo.errors import AmbiguousNameError, UnknownModelError, UnknownTaskError, closest
from taskzoo.weights import LocalPath, Source

ENTRY_POINT_GROUP = "taskzoo.models"


@dataclass(frozen=True)
class ModelCard:
    """Everything taskzoo knows about one model: where it comes from and how well it does.

    ``backend`` is ``"module:Class"``, imported only when the model is loaded. ``metrics`` hold
    only numbers measured by ``tasks/<task>/evaluate.py``, keyed ``"metric (dataset)"``.
    """

    name: str
    task: str
    backend: str
    source: Source | None = None
    extra: str = ""
    requires: tuple[str, ...] = ()
    license: str = ""
    size_mb: float | None = None
    labels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    metrics: Mapping[str, float] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    aliases: tuple[str, ...] = ()

    def missing_modules(self) -> list[str]:
        """The modules in ``requires`` that are not installed here (nothing is imported)."""
        from taskzoo.deps import missing

        return missing(self.requires)

    def installed(self) -> bool:
        """True when every module the model needs can be imported."""
        return not self.missing_modules()

    def with_options(self, **options: Any) -> ModelCard:
        """A copy whose backend options are updated with ``options``."""
        return dataclasses.replace(self, options={**self.options, **options})

    def to_dict(self) -> dict[str, Any]:
        """The card as plain values, for printing or JSON."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["source"] = self.source.describe() if self.source else None
        out["labels"], out["languages"] = list(self.labels), list(self.languages)
        out["requires"], out["aliases"] = list(self.requires), list(self.aliases)
        out["metrics"], out["options"] = dict(self.metrics), dict(self.options)
        return out


@dataclass(frozen=True)
class TaskSpec:
    """One task: its names, what it takes, what it returns, and its models (default first).

    ``local_backends`` are tried in order when the user passes a path as the model: each is a
    backend class with ``accepts(path) -> bool`` and optionally ``card_for_path(task, path)``.
    """

    name: str
    input_kind: str
    result: str
    models: tuple[ModelCard, ...]
    aliases: tuple[str, ...] = ()
    description: str = ""
    local_backends: tuple[str, ...] = ()

    @property
    def default(self) -> ModelCard:
        """The task's default model (the first one)."""
        if not self.models:
            raise UnknownModelError(f"task {self.name!r} has no models registered")
        return self.models[0]


class Registry:
    """Tasks and their models, loaded from the catalog plus entry-point plugins on first use."""

    def __init__(self) -> None:
        self._tasks: dict[str, TaskSpec] = {}
        self._aliases: dict[str, str] = {}
        self._loaded = False
        self._lock = threading.RLock()

    # -- building -----------------------------------------------------------------------------
    def add_task(self, spec: TaskSpec) -> None:
        """Register a task (replacing one of the same name) and its aliases.

        Raises AmbiguousNameError when a model name or alias would mean two models of the task.
        """
        check_unambiguous(spec.name, spec.models)
        with self._lock:
            self._tasks[spec.name] = spec
            for alias in (spec.name, *spec.aliases):
                self._aliases[_norm(alias)] = spec.name

    def add_model(self, card: ModelCard, default: bool = False) -> None:
        """Add a model to an existing task; ``default=True`` makes it the task's default.

        Raises AmbiguousNameError when the card's name or an alias already means another model.
        """
        with self._lock:
            spec = self.task(card.task)
            others = tuple(m for m in spec.models if m.name != card.name)
            models = (card, *others) if default else (*others, card)
            check_unambiguous(spec.name, models)
            self._tasks[spec.name] = dataclasses.replace(spec, models=models)

    def reload(self) -> None:
        """Forget every task; the next lookup reads the catalog and the installed plugins again
        (e.g. after ``pip install`` of a plugin into a running notebook)."""
        with self._lock:
            self._tasks.clear()
            self._aliases.clear()
            self._loaded = False

    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            from taskzoo.catalog import TASKS

            for spec in TASKS:
                self.add_task(spec)
            self._loaded = True
            self._load_plugins()

    def _load_plugins(self) -> None:
        from importlib.metadata import entry_points

        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                items: Iterable[TaskSpec | ModelCard] = ep.load()()
            except Exception as exc:  # a broken plugin must not break taskzoo
                import warnings

                warnings.warn(f"taskzoo plugin {ep.name!r} failed to load: {exc}", stacklevel=2)
                continue
            for item in items:
                try:
                    if isinstance(item, TaskSpec):
                        self.add_task(item)
                    else:
                        self.add_model(item)
                except AmbiguousNameError as exc:  # refuse this item, keep the rest
                    import warnings

                    warnings.warn(f"taskzoo plugin {ep.name!r}: {exc}", stacklevel=2)

    # -- lookups ------------------------------------------------------------------------------
    def task_names(self) -> list[str]:
        """Names of all tasks, in catalog order."""
        self._ensure_loaded()
        return list(self._tasks)

    def task(self, name: str) -> TaskSpec:
        """The TaskSpec for a task name or alias; raises UnknownTaskError with suggestions."""
        self._ensure_loaded()
        if not isinstance(name, str):
            raise UnknownTaskError(f"a task name must be a str, not {type(name).__name__}")
        canonical = self._aliases.get(_norm(name))
        if canonical is None:
            close = closest(_norm(name), self._aliases)
            hint = f" Did you mean '{self._aliases[close]}'?" if close else ""
            raise UnknownTaskError(
                f"no task {name!r}.{hint} Known tasks: {', '.join(self._tasks)}"
            )
        return self._tasks[canonical]

    def resolve(self, task: str, model: str | Path | None = None) -> ModelCard:
        """The ModelCard for ``model`` (name, alias or local path) in ``task`` (default if None)."""
        spec = self.task(task)
        if model is None:
            return spec.default
        if isinstance(model, ModelCard):
            return model
        name = str(model)
        for card in spec.models:
            if name == card.name or name in card.aliases:
                return card
        for card in spec.models:  # case-insensitive second chance
            if _norm(name) in {_norm(card.name), *map(_norm, card.aliases)}:
                return card
        if Path(name).expanduser().exists():
            return self._card_for_path(spec, Path(name).expanduser())
        known = [c.name for c in spec.models]
        names = {alias: c.name for c in spec.models for alias in (c.name, *c.aliases)}
        close = closest(name, names)
        hint = f" Did you mean '{names[close]}'?" if close else ""
        raise UnknownModelError(
            f"task {spec.name!r} has no model {name!r}.{hint} "
            f"Known models: {', '.join(known)}; or pass a path to a local model."
        )

    def _card_for_path(self, spec: TaskSpec, path: Path) -> ModelCard:
        for target in spec.local_backends:
            cls = import_object(target)
            if cls.accepts(path):
                if hasattr(cls, "card_for_path"):
                    card: ModelCard = cls.card_for_path(spec.name, path)
                    return card
                template = next((m for m in spec.models if m.backend == target), None)
                return ModelCard(
                    name=str(path), task=spec.name, backend=target,
                    source=LocalPath(path=str(path)),
                    extra=template.extra if template else "",
                    requires=template.requires if template else (),
                    labels=template.labels if template else (),
                    options=dict(template.options) if template else {},
                    description=f"a local model at {path}",
                )
        raise UnknownModelError(
            f"{path} exists but no {spec.name} backend can load it"
            + (f" (tried {', '.join(spec.local_backends)})" if spec.local_backends else "")
        )


def check_unambiguous(task: str, models: Iterable[ModelCard]) -> None:
    """Refuse a model list in which one name or alias (case/underscore-insensitive) means two
    models; the message names the task, the name and both models."""
    owner: dict[str, str] = {}
    for card in models:
        for name in dict.fromkeys(_norm(n) for n in (card.name, *card.aliases)):
            other = owner.setdefault(name, card.name)
            if other != card.name:
                raise AmbiguousNameError(
                    f"in task {task!r}, the name {name!r} would mean two models: {other!r} and "
                    f"{card.name!r}. Give one of them a different alias."
                )


def _norm(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def import_object(target: str) -> Any:
    """Import ``"package.module:Name"`` and return the named object."""
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


REGISTRY = Registry()


def resolve(task: str, model: str | Path | None = None) -> ModelCard:
    """Resolve a task name and optional model name/path to a :class:`ModelCard`."""
    return REGISTRY.resolve(task, model)
