"""The exceptions taskzoo raises. Every one subclasses :class:`TaskZooError`.

Each message says what went wrong *and* what to do next. Where Python users expect to catch a
built-in type, the error also subclasses it (``InvalidInputError`` is a ``ValueError`` and a
``TypeError``; ``MissingDependencyError`` is an ``ImportError``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class TaskZooError(Exception):
    """Base class of every error raised by taskzoo."""


class UnknownTaskError(TaskZooError, KeyError):
    """A task name that is not in the registry."""

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return str(self.args[0]) if self.args else ""


class UnknownModelError(TaskZooError, KeyError):
    """A model name that the task does not know."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class AmbiguousNameError(TaskZooError, KeyError):
    """A model name or alias that would mean two different models (refused when the registry
    is built, or when a query matches several models); the message names every candidate."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class MissingDependencyError(TaskZooError, ImportError):
    """A model needs an optional dependency (a pip extra) that is not installed."""


class InvalidInputError(TaskZooError, ValueError, TypeError):
    """An input of the wrong type, empty where it must not be, or unreadable (corrupt file)."""


class ModelLoadError(TaskZooError, RuntimeError):
    """Weights are missing, corrupt (sha256 mismatch) or not of the expected shape."""


class TrainingError(TaskZooError, RuntimeError):
    """Training ran but could not produce a usable model (e.g. fastText's loss diverged); the
    message says what to change in the data or settings."""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``name`` (difflib), or None when nothing is close."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Return ``" Did you mean 'x'?"`` for the closest known name, or an empty string."""
    close = closest(name, known)
    return f" Did you mean '{close}'?" if close else ""
