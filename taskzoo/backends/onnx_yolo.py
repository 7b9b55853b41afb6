"""A torch-free runner for YOLO detectors exported to ONNX (onnxruntime + numpy + Pillow).

It reads the model's own description: input size and batch dimension from the graph, class
names from the Ultralytics metadata (``names``) or the card's ``labels``. Supported outputs:

* ``[batch, 4 + classes, anchors]`` — YOLOv8 / YOLO11 (boxes as centre-x, centre-y, w, h);
* ``[batch, anchors, 5 + classes]`` — YOLOv5 (with an objectness column);
* ``[batch, max_det, 6]`` — end-to-end exports with NMS inside (x1, y1, x2, y2, score, class).

Pre-processing follows Ultralytics: letterbox onto grey (114), RGB, /255. Post-processing: score
threshold, class-aware NMS, boxes mapped back to original pixels. Card options (and per-call
options): ``conf`` (0.25), ``iou`` (0.7), ``max_det`` (300), ``labels`` (class names to keep,
dropped before NMS; ``labels=None`` in a call keeps every class); card only: ``imgsz`` (for models
with a dynamic input size; default: the ``imgsz`` in its metadata, else 640), ``threads``
(onnxruntime intra-op threads, 0 = auto), ``max_batch`` (4).
A list of images runs as onnxruntime batches of up to ``max_batch`` images when the model's
batch dimension is dynamic (image by image when it is fixed at 1).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from taskzoo.backends._boxes import call_settings, nms, to_detections
from taskzoo.backends.base import Backend
from taskzoo.errors import ModelLoadError
from taskzoo.registry import ModelCard
from taskzoo.results.detection import Detections
from taskzoo.weights import LocalPath

if TYPE_CHECKING:
    from PIL import Image

PAD_VALUE = 114
MAX_CANDIDATES = 30000
#: images per onnxruntime run for models with a dynamic batch: memory grows with the batch
#: (YOLO11n at 640 px: ~200 MB peak RSS at 1, ~310 MB at 4, ~490 MB at 8, ~1.5 GB at 32) while
#: the CPU time per image does not fall on 2 cores
MAX_BATCH = 4
EXPECTED_OUTPUT = (
    "[batch, 4 + classes, anchors] (YOLOv8/YOLO11), [batch, anchors, 5 + classes] (YOLOv5) or "
    "[batch, max_det, 6] (end-to-end export with NMS)"
)


def letterbox(
    image: Image.Image, size: tuple[int, int], stride: int | None = None
) -> tuple[np.ndarray, float, tuple[float, float]]:
    """Resize ``image`` to fit ``size`` (h, w) keeping its aspect ratio and pad with grey.

    With ``stride`` the padding is only up to the next multiple of it (a rectangle, as
    Ultralytics does for dynamic-shape models). Returns the HxWx3 uint8 array, the scale and the
    (left, top) padding.
    """
    from PIL import Image as PILImage

    h0, w0 = image.height, image.width
    ratio = min(size[0] / h0, size[1] / w0)
    new_w, new_h = round(w0 * ratio), round(h0 * ratio)
    pad_w, pad_h = size[1] - new_w, size[0] - new_h
    if stride:
        pad_w, pad_h = pad_w % stride, pad_h % stride
    left, top = round(pad_w / 2 - 0.1), round(pad_h / 2 - 0.1)
    # An affine bilinear transform samples like OpenCV's INTER_LINEAR (no antialiasing), which
    # is what Ultralytics models see in training and in their own predictor.
    resized = image if (new_w, new_h) == (w0, h0) else image.transform(
        (new_w, new_h), PILImage.Transform.AFFINE, (w0 / new_w, 0, 0, 0, h0 / new_h, 0),
        resample=PILImage.Resampling.BILINEAR,
    )
    canvas = np.full((new_h + pad_h, new_w + pad_w, 3), PAD_VALUE, dtype=np.uint8)
    canvas[top:top + new_h, left:left + new_w] = np.asarray(resized, dtype=np.uint8)
    return canvas, ratio, (float(left), float(top))


def read_names(metadata: dict[str, str]) -> list[str] | None:
    """Class names from Ultralytics ONNX metadata (``names="{0: 'person', ...}"``), if any."""
    raw = metadata.get("names")
    if not raw:
        return None
    try:
        names = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return None
    if isinstance(names, dict):
        return [str(names[k]) for k in sorted(names)]
    if isinstance(names, (list, tuple)):
        return [str(n) for n in names]
    return None


def output_layout(shape: list[Any], n_names: int | None, end2end: bool) -> tuple[str, int]:
    """Which decoder fits an output ``shape``: ("v8" | "v5" | "e2e", number of classes).

    Raises ModelLoadError saying which shapes are expected when none fits.
    """
    if len(shape) != 3:
        raise ModelLoadError(
            f"this ONNX model's output has shape {shape}, not a YOLO detector's: expected "
            f"{EXPECTED_OUTPUT}"
        )
    c1, c2 = (d if isinstance(d, int) and d > 0 else None for d in shape[1:])
    if end2end and c2 is not None and c2 >= 6:
        return "e2e", n_names or 0
    if n_names:
        for layout, dim, extra in (("v8", c1, 4), ("v5", c2, 5), ("v8t", c2, 4), ("v5t", c1, 5)):
            if dim == n_names + extra:
                return layout, n_names
    elif c1 is not None and (c2 is None or c1 < c2) and c1 > 4:
        return "v8", c1 - 4
    elif c2 is not None and (c1 is None or c2 < c1) and c2 > 5:
        return "v5", c2 - 5
    known = f" for {n_names} classes" if n_names else ""
    raise ModelLoadError(
        f"this ONNX model's output has shape {shape}, which does not fit a YOLO detector"
        f"{known}: expected {EXPECTED_OUTPUT}"
    )


def decode(
    pred: np.ndarray, layout: str, conf: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One image's raw output → (boxes xyxy in network pixels, scores, classes) above ``conf``."""
    if layout == "e2e":
        rows = pred[pred[:, 4] >= conf]
        return rows[:, :4], rows[:, 4], rows[:, 5].astype(np.int64)
    if layout in {"v8", "v5t"}:
        pred = pred.T  # -> [anchors, channels]
    cls_scores = pred[:, 5:] * pred[:, 4:5] if layout.startswith("v5") else pred[:, 4:]
    classes = cls_scores.argmax(axis=1)
    scores = cls_scores[np.arange(len(cls_scores)), classes]
    keep = scores >= conf
    xywh, scores, classes = pred[keep, :4], scores[keep], classes[keep]
    if len(scores) > MAX_CANDIDATES:
        top = np.argsort(-scores)[:MAX_CANDIDATES]
        xywh, scores, classes = xywh[top], scores[top], classes[top]
    half = xywh[:, 2:4] / 2
    boxes = np.concatenate([xywh[:, :2] - half, xywh[:, :2] + half], axis=1)
    return boxes, scores, classes


def onnx_session(path: Path, threads: int = 0, optimize: bool = True) -> Any:
    """An onnxruntime CPU session for ``path`` (``threads`` 0 = onnxruntime's choice;
    ``optimize=False`` for a quick look at the graph's inputs and outputs)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    if not optimize:
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    opts.log_severity_level = 3
    # no busy-waiting between operators: on a machine shared with other work, spinning threads
    # burned ~50 % more CPU per image here for no gain in wall time
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(path), sess_options=opts,
                                    providers=["CPUExecutionProvider"])
    except Exception as exc:
        raise ModelLoadError(f"{path} is not a loadable ONNX model: {exc}") from exc


class OnnxYolo(Backend):
    """Run a YOLO ``.onnx`` detector. Call options: ``conf``, ``iou``, ``max_det``, ``labels``
    (keep only these class names)."""

    call_options: ClassVar[frozenset[str]] = frozenset({"conf", "iou", "max_det", "labels"})

    def load(self) -> None:
        path = self.weights_path()
        self.session = onnx_session(path, int(self.options.get("threads", 0)))
        inputs = self.session.get_inputs()
        outputs = self.session.get_outputs()
        shape = list(inputs[0].shape) if len(inputs) == 1 else []
        if len(shape) != 4 or (isinstance(shape[1], int) and shape[1] != 3):
            raise ModelLoadError(
                f"{path} is not an image detector: expected one input of shape "
                f"[batch, 3, height, width], got {[list(i.shape) for i in inputs]}"
            )
        if len(outputs) != 1:
            raise ModelLoadError(
                f"{path} has {len(outputs)} outputs; a YOLO detector has one, of shape "
                f"{EXPECTED_OUTPUT}"
            )
        self.max_batch = int(self.options.get("max_batch", MAX_BATCH))
        if self.max_batch < 1:
            raise ModelLoadError(f"max_batch must be ≥ 1, got {self.max_batch}")
        self.input_name = inputs[0].name
        self.input_dtype = np.float16 if "float16" in inputs[0].type else np.float32
        self.batch = shape[0] if isinstance(shape[0], int) and shape[0] > 0 else None
        meta = self.session.get_modelmeta().custom_metadata_map
        fixed = all(isinstance(d, int) and d > 0 for d in shape[2:])
        self.size: tuple[int, int] = (shape[2], shape[3]) if fixed else self._dynamic_size(meta)
        names = read_names(meta) or list(self.card.labels) or None
        end2end = meta.get("end2end", "").lower() == "true" or "'nms': True" in meta.get(
            "args", ""
        )
        out_shape = list(outputs[0].shape)
        if not all(isinstance(d, int) and d > 0 for d in out_shape[1:]):
            out_shape = self._probe_output_shape(path)
        self.layout, n_classes = output_layout(out_shape, len(names) if names else None, end2end)
        self.names = names or [str(i) for i in range(n_classes)]

    def _dynamic_size(self, meta: dict[str, str]) -> tuple[int, int]:
        """Input (h, w) for a model with a dynamic size: option ``imgsz``, else its metadata."""
        imgsz: Any = self.options.get("imgsz")
        if imgsz is None:
            try:
                imgsz = ast.literal_eval(meta.get("imgsz", "640"))
            except (ValueError, SyntaxError):
                imgsz = 640
        if isinstance(imgsz, int):
            return (imgsz, imgsz)
        if isinstance(imgsz, (list, tuple)) and len(imgsz) == 2:
            return (int(imgsz[0]), int(imgsz[1]))
        raise ModelLoadError(f"imgsz must be an int or (height, width), got {imgsz!r}")

    def _probe_output_shape(self, path: Path) -> list[Any]:
        """The concrete output shape of a model with symbolic dims: one run on a blank image."""
        blank = np.zeros((self.batch or 1, 3, *self.size), dtype=self.input_dtype)
        try:
            return list(self.session.run(None, {self.input_name: blank})[0].shape)
        except Exception as exc:
            raise ModelLoadError(
                f"{path} failed on a blank {self.size[1]}×{self.size[0]} image ({exc}); "
                f"a YOLO detector takes [batch, 3, height, width] float input"
            ) from exc

    def predict_batch(self, items: list[Image.Image], **kwargs: Any) -> list[Detections]:
        settings = call_settings(self.options, kwargs)
        conf, iou, max_det = settings.conf, settings.iou, settings.max_det
        wanted = settings.class_ids(self.names)
        results: list[Detections] = []
        step = self.batch or min(len(items), self.max_batch)
        for start in range(0, len(items), step):
            chunk = items[start:start + step]
            for image, pred, (ratio, pad) in zip(chunk, *self._run(chunk), strict=True):
                boxes, scores, classes = decode(pred, self.layout, conf)
                if wanted is not None:  # drop unwanted classes before NMS and max_det
                    inside = np.isin(classes, wanted)
                    boxes, scores, classes = boxes[inside], scores[inside], classes[inside]
                if self.layout != "e2e":
                    kept = nms(boxes, scores, classes, iou, max_det)
                    boxes, scores, classes = boxes[kept], scores[kept], classes[kept]
                boxes = (boxes - np.array([pad[0], pad[1], pad[0], pad[1]])) / ratio
                found = to_detections(boxes[:max_det], scores[:max_det], classes[:max_det],
                                      self.names, image)
                results.append(found)  # labels were applied above, before NMS
        return results

    def _run(
        self, images: list[Image.Image]
    ) -> tuple[np.ndarray, list[tuple[float, tuple[float, float]]]]:
        arrays, geometry = [], []
        for image in images:
            array, ratio, pad = letterbox(image, self.size)
            arrays.append(array)
            geometry.append((ratio, pad))
        if self.batch and len(arrays) < self.batch:  # a fixed batch > 1: fill it up
            arrays += [arrays[0]] * (self.batch - len(arrays))
        blob = (np.stack(arrays).transpose(0, 3, 1, 2) / np.float32(255)).astype(self.input_dtype)
        output = self.session.run(None, {self.input_name: blob})[0]
        return np.asarray(output, dtype=np.float32)[: len(images)], geometry

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() == ".onnx"

    @classmethod
    def card_for_path(cls, task: str, path: Path) -> ModelCard:
        """A card for a user's ``.onnx`` file: class names come from its own metadata."""
        return local_card(task, path, f"{cls.__module__}:{cls.__name__}", "detect",
                          ("onnxruntime", "PIL"))


def local_card(
    task: str, path: Path, backend: str, extra: str, requires: tuple[str, ...]
) -> ModelCard:
    """The card of a detector file on the user's disk (no labels: the model names its classes)."""
    return ModelCard(
        name=str(path), task=task, backend=backend, source=LocalPath(path=str(path)),
        extra=extra, requires=requires, description=f"a local detector at {path}",
    )
