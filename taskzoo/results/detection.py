"""Results of object detection: labelled boxes in original pixel coordinates.

A :class:`Detections` made by a backend keeps a reference to the image it was computed on (not a
dataclass field, so ``to_dict()`` and equality ignore it): that is what :meth:`Detections.crop`
and :meth:`Detections.draw` use. Pass ``image=`` to either when the result came from elsewhere
(for example after a JSON round trip).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.errors import InvalidInputError
from taskzoo.results.base import Result

if TYPE_CHECKING:
    from PIL import Image

#: Colours for drawn boxes, picked per label (stable across runs).
PALETTE = (
    (230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180),
    (70, 240, 240), (240, 50, 230), (210, 245, 60), (0, 128, 128), (170, 110, 40),
)


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

    @property
    def xyxy(self) -> tuple[float, float, float, float]:
        """The corners as ``(x1, y1, x2, y2)``."""
        return (self.x1, self.y1, self.x2, self.y2)

    @property
    def area(self) -> float:
        """Area in square pixels (0 for a degenerate box)."""
        return max(0.0, self.x2 - self.x1) * max(0.0, self.y2 - self.y1)

    def iou(self, other: Box) -> float:
        """Intersection over union with another box (0.0 when they do not overlap)."""
        w = min(self.x2, other.x2) - max(self.x1, other.x1)
        h = min(self.y2, other.y2) - max(self.y1, other.y1)
        inter = max(0.0, w) * max(0.0, h)
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0



def label_set(labels: str | Iterable[str]) -> set[str]:
    """Class names to keep, lower-cased (labels compare case-insensitively)."""
    return {labels.lower()} if isinstance(labels, str) else {s.lower() for s in labels}


@dataclass(frozen=True)
class Detections(Result):
    """Every object found in one image of ``width`` × ``height`` pixels, best first."""

    boxes: list[Box] = field(default_factory=list)
    width: int = 0
    height: int = 0

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def of(cls, boxes: Iterable[Box], image: Image.Image) -> Detections:
        """Detections on ``image`` (kept for :meth:`crop`/:meth:`draw`), sorted best first."""
        ranked = sorted(boxes, key=lambda b: b.score, reverse=True)
        out = cls(boxes=ranked, width=image.width, height=image.height)
        object.__setattr__(out, "_image", image)
        return out

    @property
    def image(self) -> Image.Image | None:
        """The image these detections were computed on, when known."""
        return self.__dict__.get("_image")

    # -- container protocol ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.boxes)

    def __iter__(self) -> Iterator[Box]:  # type: ignore[override]
        return iter(self.boxes)

    def __getitem__(self, index: int) -> Box:
        return self.boxes[index]

    @property
    def labels(self) -> list[str]:
        """The label of each box, in order."""
        return [b.label for b in self.boxes]

    # -- selection ------------------------------------------------------------------------------
    def filter(
        self,
        labels: str | Iterable[str] | None = None,
        min_score: float | None = None,
        max_det: int | None = None,
    ) -> Detections:
        """A copy keeping boxes with one of ``labels``, a score ≥ ``min_score``, at most
        ``max_det`` of them (best first). Labels compare case-insensitively."""
        boxes = list(self.boxes)
        if labels is not None:
            wanted = label_set(labels)
            boxes = [b for b in boxes if b.label.lower() in wanted]
        if min_score is not None:
            boxes = [b for b in boxes if b.score >= min_score]
        if max_det is not None:
            if not isinstance(max_det, int) or max_det < 0:
                raise InvalidInputError(f"max_det must be an int ≥ 0, got {max_det!r}")
            boxes = sorted(boxes, key=lambda b: b.score, reverse=True)[:max_det]
        out = dataclasses.replace(self, boxes=boxes)
        object.__setattr__(out, "_image", self.image)
        return out

    def _source(self, image: Any) -> Image.Image:
        if image is not None:
            from taskzoo.inputs.image import prepare_image

            return prepare_image(image)
        if self.image is None:
            raise InvalidInputError(
                "these detections carry no image (they were rebuilt from data): pass image=..."
            )
        return self.image

    def crop(self, i: int, image: Any = None) -> Image.Image:
        """The pixels inside box ``i`` as a new PIL image (``image=`` overrides the source)."""
        if not -len(self.boxes) <= i < len(self.boxes):
            raise InvalidInputError(f"no box {i}: there are {len(self.boxes)} boxes")
        src = self._source(image)
        b = self.boxes[i]
        x1, y1 = max(0, int(b.x1)), max(0, int(b.y1))
        x2 = min(src.width, max(x1 + 1, round(b.x2)))
        y2 = min(src.height, max(y1 + 1, round(b.y2)))
        return src.crop((x1, y1, x2, y2))

    def draw(
        self, path: str | Path | None = None, image: Any = None, line_width: int | None = None
    ) -> Image.Image:
        """The image with every box drawn and labelled ``"label 0.93"``; saved to ``path`` if
        given (format from the extension). Returns the drawn PIL image."""
        from PIL import ImageDraw, ImageFont

        canvas = self._source(image).copy()
        size = max(canvas.width, canvas.height)
        width = line_width or max(2, round(size / 300))
        font = ImageFont.load_default(size=max(12, round(size / 45)))
        pen = ImageDraw.Draw(canvas)
        for b in reversed(self.boxes):  # best box drawn last, on top
            colour = PALETTE[sum(map(ord, b.label)) % len(PALETTE)]
            pen.rectangle(b.xyxy, outline=colour, width=width)
            text = f"{b.label} {b.score:.2f}"
            left, top, right, bottom = pen.textbbox((0, 0), text, font=font)
            tw, th = right - left, bottom - top + 4
            ty = b.y1 - th if b.y1 - th >= 0 else b.y1
            pen.rectangle((b.x1, ty, b.x1 + tw + 6, ty + th), fill=colour)
            pen.text((b.x1 + 3, ty + 2 - top), text, fill=(255, 255, 255), font=font)
        if path is not None:
            canvas.save(path)
        return canvas
