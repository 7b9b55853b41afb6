"""taskzoo: small task-specific models behind one uniform, lazy interface.

>>> import taskzoo as tz
>>> tz.langid("bonjour tout le monde")          # doctest: +SKIP
Label(label='fr', score=0.99, scores=None)

Importing taskzoo imports no ML library: every attribute below is resolved on first access
(PEP 562), and models load on their first call.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY: dict[str, str] = {
    # core API
    "load": "taskzoo.api",
    "run": "taskzoo.api",
    "tasks": "taskzoo.api",
    "models": "taskzoo.api",
    "Pipeline": "taskzoo.pipeline",
    "ModelCard": "taskzoo.registry",
    "TaskSpec": "taskzoo.registry",
    "resolve": "taskzoo.registry",
    # one-liners
    "embed": "taskzoo.oneliners",
    "similarity": "taskzoo.oneliners",
    "search": "taskzoo.oneliners",
    "langid": "taskzoo.oneliners",
    "ner": "taskzoo.oneliners",
    "sentiment": "taskzoo.oneliners",
    "spam": "taskzoo.oneliners",
    "ocr": "taskzoo.oneliners",
    "detect": "taskzoo.oneliners",
    "transcribe": "taskzoo.oneliners",
    # errors
    "TaskZooError": "taskzoo.errors",
    "UnknownTaskError": "taskzoo.errors",
    "UnknownModelError": "taskzoo.errors",
    "MissingDependencyError": "taskzoo.errors",
    "InvalidInputError": "taskzoo.errors",
    "ModelLoadError": "taskzoo.errors",
    "TrainingError": "taskzoo.errors",
    # training, evaluation, scale-out, distillation (each arrives with its issue)
    "train": "taskzoo.train",
    "evaluate": "taskzoo.evaluate",
    "batch": "taskzoo.engines.batch",
    "distill": "taskzoo.distill",
    "generate": "taskzoo.distill",
    "cascade": "taskzoo.combine",
    "ensemble": "taskzoo.combine",
    # results
    "Label": "taskzoo.results",
    "Entity": "taskzoo.results",
    "TextLine": "taskzoo.results",
    "OCRResult": "taskzoo.results",
    "OCRDocument": "taskzoo.results.ocr",
    "Box": "taskzoo.results",
    "Detections": "taskzoo.results",
    "Segment": "taskzoo.results",
    "Word": "taskzoo.results",
    "Transcript": "taskzoo.results",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'taskzoo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # cache: later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


if TYPE_CHECKING:  # let type checkers and IDEs see the lazy names
    from taskzoo.api import load, models, run, tasks
    from taskzoo.errors import (
        InvalidInputError,
        MissingDependencyError,
        ModelLoadError,
        TaskZooError,
        TrainingError,
        UnknownModelError,
        UnknownTaskError,
    )
    from taskzoo.oneliners import (
        detect,
        embed,
        langid,
        ner,
        ocr,
        search,
        sentiment,
        similarity,
        spam,
        transcribe,
    )
    from taskzoo.pipeline import Pipeline
    from taskzoo.registry import ModelCard, TaskSpec, resolve
    from taskzoo.results import (
        Box,
        Detections,
        Entity,
        Label,
        OCRResult,
        Segment,
        TextLine,
        Transcript,
        Word,
    )
