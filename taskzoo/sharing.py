"""Objects shared between pipelines in one process, e.g. one MiniLM encoder behind several tasks.

``shared(key, factory)`` builds the object once per key (thread-safe) and hands the same object
to every caller, so two pipelines on the same encoder hold its weights in memory once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_objects: dict[Hashable, Any] = {}
_locks: dict[Hashable, threading.Lock] = {}
_guard = threading.Lock()


def shared(key: Hashable, factory: Callable[[], T]) -> T:
    """Return the object stored under ``key``, building it with ``factory()`` the first time."""
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        if key not in _objects:
            _objects[key] = factory()
        value: T = _objects[key]
        return value


def clear() -> None:
    """Forget every shared object (they are freed once no pipeline holds them)."""
    with _guard:
        _objects.clear()
