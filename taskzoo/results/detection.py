"""Results of object detection: labelled boxes in original pixel coordinates."""

from __future__ import annotations

from dataclasses import dataclass, field

from taskzoo.results.base import Result


@dataclass(frozen=True)
class Box(Result):
    """One detected object: class label, confidence and corners (x1, y1) top-left, (x2, y2)
    bottom-right, in pixels of the original image."""

    label: str
    score: float
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Detections(Result):
    """Every object found in one image of ``width`` × ``height`` pixels, best first."""

    boxes: list[Box] = field(default_factory=list)
    width: int = 0
    height: int = 0
