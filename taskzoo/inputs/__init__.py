"""Coercion and validation of task inputs, by kind (text, image, audio, ...).

Each kind maps to a ``prepare`` function (imported lazily, so images never import Pillow until an
image task runs) that turns one user input into what backends consume, or raises
:class:`~taskzoo.errors.InvalidInputError` saying what was expected.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from taskzoo.errors import TaskZooError

#: kind -> "module:function" that prepares one input of that kind.
PREPARERS: dict[str, str] = {
    "text": "taskzoo.inputs.text:prepare_text",
    "image": "taskzoo.inputs.image:prepare_image",
    "audio": "taskzoo.inputs.audio:prepare_audio",
    "document": "taskzoo.inputs.document:prepare_document",
}

_cache: dict[str, Callable[[Any], Any]] = {}


def preparer(kind: str) -> Callable[[Any], Any]:
    """The prepare function for an input kind."""
    if kind not in _cache:
        if kind not in PREPARERS:
            raise TaskZooError(f"unknown input kind {kind!r}; known: {', '.join(PREPARERS)}")
        from taskzoo.registry import import_object

        _cache[kind] = import_object(PREPARERS[kind])
    return _cache[kind]


def prepare(kind: str, item: Any) -> Any:
    """Validate and convert one input of ``kind`` for a backend."""
    return preparer(kind)(item)


def is_batch(item: Any) -> bool:
    """True when ``item`` is a batch of inputs (a list, tuple or generator) rather than one."""
    return isinstance(item, (list, tuple, types.GeneratorType))
