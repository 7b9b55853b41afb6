"""Results of OCR: text lines with their boxes, and the page they make up."""

from __future__ import annotations

from dataclasses import dataclass, field

from taskzoo.results.base import Result

Point = tuple[float, float]


@dataclass(frozen=True)
class TextLine(Result):
    """One line of text; ``box`` is its four corners (x, y) in original pixel coordinates,
    clockwise from top-left."""

    text: str
    box: tuple[Point, Point, Point, Point]
    score: float


@dataclass(frozen=True)
class OCRResult(Result):
    """All text found in one image (or one PDF page), lines in reading order."""

    text: str
    lines: list[TextLine] = field(default_factory=list)
    width: int = 0
    height: int = 0
