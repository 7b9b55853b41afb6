"""Ultralytics YOLO models (``.pt`` files, or named models such as ``yolov8n.pt`` when online).

Needs the ``ultralytics`` extra and a torch/torchvision pair that work together (see the
detection docs). Card options (and per-call options): ``conf`` (0.25), ``iou`` (0.7),
``max_det`` (300); card only: ``imgsz`` (640), ``rect`` (False: letterbox to a square like the
ONNX runner, so both backends see the same pixels; True: Ultralytics' faster minimal rectangle),
``weights`` (a named Ultralytics model, fetched by ultralytics itself and therefore refused
unless ``TASKZOO_OFFLINE=0``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from taskzoo.backends._boxes import call_settings, to_detections
from taskzoo.backends.base import Backend
from taskzoo.backends.onnx_yolo import local_card
from taskzoo.errors import ModelLoadError
from taskzoo.registry import ModelCard
from taskzoo.results.detection import Detections
from taskzoo.weights import cache_dir, network_allowed

if TYPE_CHECKING:
    from PIL import Image


def quiet_ultralytics() -> None:
    """Keep ultralytics' settings under taskzoo's cache and stop it from installing packages."""
    os.environ.setdefault("YOLO_CONFIG_DIR", str(cache_dir() / "ultralytics"))
    os.environ.setdefault("YOLO_AUTOINSTALL", "false")
    os.environ.setdefault("YOLO_VERBOSE", "false")
    if not network_allowed():
        os.environ.setdefault("YOLO_OFFLINE", "true")


class UltralyticsYolo(Backend):
    """Run a detector with ``ultralytics.YOLO``. Call options: ``conf``, ``iou``, ``max_det``,
    ``labels`` (keep only these class names)."""

    call_options: ClassVar[frozenset[str]] = frozenset({"conf", "iou", "max_det", "labels"})

    def load(self) -> None:
        quiet_ultralytics()
        from ultralytics import YOLO

        weights = self._weights()
        self.model = YOLO(weights, task="detect")
        if getattr(self.model, "task", "detect") != "detect":
            raise ModelLoadError(f"{weights} is a {self.model.task} model, not a detector")
        names = self.model.names
        self.names = [str(names[k]) for k in sorted(names)] if names else list(self.card.labels)
        self.imgsz = self.options.get("imgsz", 640)
        self.rect = bool(self.options.get("rect", False))

    def _weights(self) -> str:
        named = self.options.get("weights")
        if named and self.card.source is None:
            if not network_allowed():
                raise ModelLoadError(
                    f"{named!r} is downloaded by ultralytics and network access is off: set "
                    "TASKZOO_OFFLINE=0, or pass the path of a local .pt file as model="
                )
            return str(named)
        return str(self.weights_path())

    def predict_batch(self, items: list[Image.Image], **kwargs: Any) -> list[Detections]:
        settings = call_settings(self.options, kwargs)
        # ultralytics expects BGR numpy arrays (PIL images are converted the same way)
        frames = [np.ascontiguousarray(np.asarray(im)[:, :, ::-1]) for im in items]
        runs = self.model.predict(
            frames, conf=settings.conf, iou=settings.iou, max_det=settings.max_det,
            imgsz=self.imgsz, device="cpu", rect=self.rect, verbose=False,
        )
        results = []
        for image, run in zip(items, runs, strict=True):
            boxes = run.boxes
            found = to_detections(
                boxes.xyxy.cpu().numpy(), boxes.conf.cpu().numpy(),
                boxes.cls.cpu().numpy().astype(np.int64), self.names, image,
            )
            results.append(settings.keep(found))
        return results

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() == ".pt"

    @classmethod
    def card_for_path(cls, task: str, path: Path) -> ModelCard:
        """A card for a user's ``.pt`` file: class names come from the checkpoint."""
        return local_card(task, path, f"{cls.__module__}:{cls.__name__}", "ultralytics",
                          ("ultralytics",))
