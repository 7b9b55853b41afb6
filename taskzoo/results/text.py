"""Results of text tasks: a class label, a named entity."""

from __future__ import annotations

from dataclasses import dataclass

from taskzoo.results.base import Result


@dataclass(frozen=True)
class Label(Result):
    """A predicted class with its probability.

    ``scores`` holds every class's probability when asked for (``scores=True``), else ``None``.
    """

    label: str
    score: float
    scores: dict[str, float] | None = None


@dataclass(frozen=True)
class Entity(Result):
    """A named entity: ``text == input[start:end]`` (character offsets into the input)."""

    text: str
    label: str
    start: int
    end: int
    score: float | None = None
