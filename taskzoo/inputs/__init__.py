"""Coercion and validation of task inputs, by kind (text, image, audio, ...).

Each kind maps to a ``prepare`` function (imported lazily, so images never import Pillow until an
image task runs) that turns one user input into what backends consume, or raises
:class:`~taskzoo.errors.InvalidInputError` saying what was expected.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from typing import Any

from taskzoo.errors import InvalidInputError, TaskZooError

#: kind -> "module:function" that prepares one input of that kind.
PREPARERS: dict[str, str] = {
    "text": "taskzoo.inputs.text:prepare_text",
    "image": "taskzoo.inputs.image:prepare_image",
    "audio": "taskzoo.inputs.audio:prepare_audio",
    "document": "taskzoo.inputs.document:prepare_document",
}

#: kind -> per-call options consumed by its prepare function (not by the model)
INPUT_OPTIONS: dict[str, frozenset[str]] = {"audio": frozenset({"sample_rate"})}

#: URL schemes refused with a "download it first" message (taskzoo never fetches inputs)
URL_SCHEMES = ("http://", "https://", "ftp://", "s3://", "gs://")

_cache: dict[str, Callable[..., Any]] = {}


def preparer(kind: str) -> Callable[..., Any]:
    """The prepare function for an input kind."""
    if kind not in _cache:
        if kind not in PREPARERS:
            raise TaskZooError(f"unknown input kind {kind!r}; known: {', '.join(PREPARERS)}")
        from taskzoo.registry import import_object

        _cache[kind] = import_object(PREPARERS[kind])
    return _cache[kind]


def prepare(kind: str, item: Any, **options: Any) -> Any:
    """Validate and convert one input of ``kind`` for a backend (``options``: see
    :data:`INPUT_OPTIONS`)."""
    return preparer(kind)(item, **options) if options else preparer(kind)(item)


def refuse_url(item: Any) -> None:
    """Raise InvalidInputError for a URL string: inputs are never fetched over the network."""
    if isinstance(item, str) and item.strip().lower().startswith(URL_SCHEMES):
        shown = item if len(item) <= 80 else item[:79] + "…"
        raise InvalidInputError(
            f"{shown!r} is a URL: taskzoo does not download inputs. Download it first (e.g. "
            "urllib.request.urlretrieve(url, 'file')) and pass the file's path or its bytes"
        )


def is_batch(item: Any, kind: str = "text") -> bool:
    """True when ``item`` is a batch of inputs rather than one.

    Always a batch: a list, tuple, generator or pandas Series. For text tasks also a numpy array
    of strings and any other iterable that is not a str, bytes or dict (a set, ``dict.keys()``,
    a map object); for image/audio tasks a numpy array is one image or clip.
    """
    if isinstance(item, (list, tuple, types.GeneratorType)):
        return True
    module = type(item).__module__
    if module.startswith("pandas") and type(item).__name__ == "Series":
        return True
    if module.startswith("pandas") and type(item).__name__ == "DataFrame":
        raise InvalidInputError(
            "got a pandas DataFrame: pass the column that holds the inputs, e.g. df['text']")
    if kind != "text" or isinstance(item, (str, bytes, bytearray, dict)):
        return False
    if module == "numpy" and hasattr(item, "dtype"):
        return item.ndim == 1 and item.dtype.kind in "UO"
    return isinstance(item, Iterable)
