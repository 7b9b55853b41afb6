"""Results of speech recognition: a transcript with timed segments (and optionally words)."""

from __future__ import annotations

from dataclasses import dataclass, field

from taskzoo.results.base import Result


@dataclass(frozen=True)
class Word(Result):
    """One word with its start and end time in seconds."""

    start: float
    end: float
    text: str
    probability: float | None = None


@dataclass(frozen=True)
class Segment(Result):
    """A stretch of speech from ``start`` to ``end`` seconds."""

    start: float
    end: float
    text: str
    words: list[Word] | None = None


@dataclass(frozen=True)
class Transcript(Result):
    """The text of a recording, its language, duration in seconds and timed segments."""

    text: str
    language: str | None = None
    duration: float = 0.0
    segments: list[Segment] = field(default_factory=list)
