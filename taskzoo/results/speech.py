"""Results of speech recognition: a transcript with timed segments (and optionally words).

A :class:`Transcript` renders itself as subtitles: :meth:`Transcript.to_srt` (SubRip) and
:meth:`Transcript.to_vtt` (WebVTT), one cue per segment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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

    def to_srt(self, path: str | Path | None = None) -> str:
        """The segments as SubRip subtitles (``HH:MM:SS,mmm``); written to ``path`` if given."""
        cues = [
            f"{i}\n{_clock(s.start, ',')} --> {_clock(s.end, ',')}\n{s.text.strip()}\n"
            for i, s in enumerate(self._cues(), start=1)
        ]
        return _written("\n".join(cues), path)

    def to_vtt(self, path: str | Path | None = None) -> str:
        """The segments as WebVTT subtitles (``HH:MM:SS.mmm``); written to ``path`` if given."""
        cues = [
            f"{_clock(s.start, '.')} --> {_clock(s.end, '.')}\n{s.text.strip()}\n"
            for s in self._cues()
        ]
        return _written("\n".join(["WEBVTT\n", *cues]), path)

    def _cues(self) -> list[Segment]:
        return [s for s in self.segments if s.text.strip()]


def _clock(seconds: float, separator: str) -> str:
    millis = max(round(seconds * 1000), 0)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _written(text: str, path: str | Path | None) -> str:
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
