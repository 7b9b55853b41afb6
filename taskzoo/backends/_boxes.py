"""Box arithmetic shared by the ONNX detectors: class-aware NMS and conversion to results.

numpy only. Boxes are float arrays of shape (n, 4) as ``x1, y1, x2, y2``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from taskzoo.errors import InvalidInputError
from taskzoo.results.detection import Box, Detections, label_set

if TYPE_CHECKING:
    from PIL import Image

#: Offset that separates classes for class-aware NMS (larger than any image side).
CLASS_OFFSET = 7680.0


@dataclass(frozen=True)
class Settings:
    """The options of one detection call, checked: score threshold, NMS overlap, box limit,
    and the class names to keep (None = all)."""

    conf: float
    iou: float
    max_det: int
    labels: str | Iterable[str] | None = None

    def class_ids(self, names: Sequence[str]) -> np.ndarray | None:
        """Indices into ``names`` of the kept labels (None = all), compared case-insensitively."""
        if self.labels is None:
            return None
        wanted = label_set(self.labels)
        return np.asarray([i for i, n in enumerate(names) if n.lower() in wanted], dtype=np.int64)

    def keep(self, found: Detections) -> Detections:
        """``found`` restricted to ``labels`` when they were given."""
        return found if self.labels is None else found.filter(labels=self.labels)


def call_settings(
    options: Mapping[str, Any], kwargs: Mapping[str, Any],
    conf: float = 0.25, iou: float = 0.7, max_det: int = 300,
) -> Settings:
    """Per-call values over the card's options over these defaults; InvalidInputError if bad.

    ``labels`` (class names to keep) may be a card option too, e.g. a COCO detector served as a
    person detector; ``labels=None`` in a call then returns every class again.
    """

    def pick(name: str, default: Any) -> Any:
        return kwargs.get(name, options.get(name, default))

    limit = pick("max_det", max_det)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidInputError(f"max_det must be a positive int, got {limit!r}")
    labels = pick("labels", None)
    if labels is not None and not isinstance(labels, str):
        if not isinstance(labels, Iterable):
            raise InvalidInputError(f"labels must be a class name or a list of them, got "
                                    f"{labels!r}")
        labels = tuple(labels)  # read once (it may be a generator)
        if not all(isinstance(x, str) for x in labels):
            raise InvalidInputError(f"labels must be class names (str), got {labels!r}")
    return Settings(check_fraction(pick("conf", conf), "conf"),
                    check_fraction(pick("iou", iou), "iou"), limit, labels)


def check_fraction(value: Any, name: str) -> float:
    """``value`` as a float, or InvalidInputError when it is not a number in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise InvalidInputError(f"{name} must be a number in [0, 1], got {value!r}")
    return float(value)


def nms(
    boxes: np.ndarray,
    scores: np.ndarray,
    classes: np.ndarray,
    iou: float,
    max_det: int,
    agnostic: bool = False,
) -> np.ndarray:
    """Indices of the boxes kept by greedy non-maximum suppression, best score first.

    Boxes of different classes never suppress each other unless ``agnostic`` is true.
    """
    if len(boxes) == 0:
        return np.zeros(0, dtype=np.int64)
    shifted = boxes if agnostic else boxes + (classes.astype(boxes.dtype) * CLASS_OFFSET)[:, None]
    x1, y1, x2, y2 = shifted.T
    areas = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    while order.size and len(keep) < max_det:
        best, rest = order[0], order[1:]
        keep.append(int(best))
        w = np.clip(np.minimum(x2[best], x2[rest]) - np.maximum(x1[best], x1[rest]), 0, None)
        h = np.clip(np.minimum(y2[best], y2[rest]) - np.maximum(y1[best], y1[rest]), 0, None)
        inter = w * h
        overlap = inter / np.maximum(areas[best] + areas[rest] - inter, 1e-9)
        order = rest[overlap <= iou]
    return np.asarray(keep, dtype=np.int64)


def to_detections(
    boxes: np.ndarray,
    scores: np.ndarray,
    classes: np.ndarray,
    names: Sequence[str],
    image: Image.Image,
) -> Detections:
    """Build :class:`Detections` from arrays already in original-image pixels (clipped here)."""
    w, h = float(image.width), float(image.height)
    out = []
    for (x1, y1, x2, y2), score, cls in zip(boxes.tolist(), scores.tolist(), classes.tolist(),
                                               strict=True):
        idx = int(cls)
        label = names[idx] if 0 <= idx < len(names) else str(idx)
        out.append(Box(
            label=label, score=round(float(score), 4),
            x1=round(min(max(x1, 0.0), w), 1), y1=round(min(max(y1, 0.0), h), 1),
            x2=round(min(max(x2, 0.0), w), 1), y2=round(min(max(y2, 0.0), h), 1),
        ))
    return Detections.of(out, image)
