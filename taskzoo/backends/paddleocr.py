"""PaddleOCR itself (on paddlepaddle), with model folders the user already has.

PaddleOCR downloads its models from model hubs on first use, which taskzoo never lets it do: this
backend needs explicit inference-model folders and says which ones are missing before it imports
paddle. Give them as options::

    tz.load("ocr", "paddleocr-local", det_model_dir="~/models/PP-OCRv5_mobile_det_infer",
            rec_model_dir="~/models/en_PP-OCRv5_mobile_rec_infer")

or pass a folder that holds ``det/`` and ``rec/`` (and optionally ``cls/``) as the model:
``tz.load("ocr", "~/models/ppocr")``. ``det_model_name`` / ``rec_model_name`` /
``cls_model_name`` name the models when PaddleOCR cannot read the name from ``inference.yml``.
PaddleOCR 3.x (``predict``) and 2.x (``ocr``) are both supported.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.errors import InvalidInputError, ModelLoadError
from taskzoo.inputs.document import DEFAULT_DPI, PdfPages
from taskzoo.registry import ModelCard
from taskzoo.results.ocr import OCRDocument, OCRResult, TextLine

if TYPE_CHECKING:
    from PIL import Image

#: Files one of which marks a Paddle inference-model folder (PIR json or legacy pdmodel).
MODEL_FILES = ("inference.json", "inference.pdmodel")
STAGES = ("det", "rec", "cls")


def is_model_dir(path: Path) -> bool:
    """True if ``path`` is a Paddle inference-model folder (weights plus program)."""
    return (path / "inference.pdiparams").is_file() and any(
        (path / name).is_file() for name in MODEL_FILES
    )


def check_model_dirs(options: dict[str, Any]) -> dict[str, Path]:
    """The det/rec(/cls) model folders from ``options``, checked; ModelLoadError names any
    that are missing or not inference-model folders."""
    dirs: dict[str, Path] = {}
    problems = []
    for stage in STAGES:
        value = options.get(f"{stage}_model_dir")
        if value is None:
            if stage != "cls":
                problems.append(f"{stage}_model_dir is not set")
            continue
        path = Path(value).expanduser()
        if not path.is_dir():
            problems.append(f"{stage}_model_dir={str(path)!r} does not exist")
        elif not is_model_dir(path):
            problems.append(f"{stage}_model_dir={str(path)!r} has no inference.pdiparams with "
                            f"{' or '.join(MODEL_FILES)}")
        else:
            dirs[stage] = path
    if problems:
        raise ModelLoadError(
            "the paddleocr backend runs only on local model folders (PaddleOCR cannot download "
            f"its models here): {'; '.join(problems)}. Export PP-OCR inference models (e.g. "
            "PP-OCRv5_mobile_det and en_PP-OCRv5_mobile_rec) and pass det_model_dir=..., "
            "rec_model_dir=... (cls_model_dir=... optional) to tz.load('ocr', "
            "'paddleocr-local', ...), or pass a folder with det/ and rec/ as the model."
        )
    return dirs


class PaddleOCRBackend(Backend):
    """Runs ``paddleocr.PaddleOCR`` on local det/rec(/cls) inference-model folders."""

    call_options: ClassVar[frozenset[str]] = frozenset({"min_score", "dpi"})

    def load(self) -> None:
        self.dirs = check_model_dirs(self.options)
        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
        import paddleocr

        self.v3 = int(str(getattr(paddleocr, "__version__", "3")).split(".")[0]) >= 3
        use_cls = "cls" in self.dirs
        if self.v3:
            kwargs: dict[str, Any] = {
                "text_detection_model_dir": str(self.dirs["det"]),
                "text_recognition_model_dir": str(self.dirs["rec"]),
                "text_detection_model_name": self.options.get("det_model_name"),
                "text_recognition_model_name": self.options.get("rec_model_name"),
                "use_doc_orientation_classify": False,  # those need further (hub) models
                "use_doc_unwarping": False,
                "use_textline_orientation": use_cls,
            }
            if use_cls:
                kwargs["textline_orientation_model_dir"] = str(self.dirs["cls"])
                kwargs["textline_orientation_model_name"] = self.options.get("cls_model_name")
        else:
            kwargs = {"det_model_dir": str(self.dirs["det"]),
                      "rec_model_dir": str(self.dirs["rec"]),
                      "use_angle_cls": use_cls, "show_log": False}
            if use_cls:
                kwargs["cls_model_dir"] = str(self.dirs["cls"])
        self.engine = paddleocr.PaddleOCR(**kwargs)
        self._lock = threading.Lock()

    def predict_batch(
        self, items: list[Image.Image | PdfPages], min_score: float | None = None,
        dpi: float | None = None, **_: Any,
    ) -> list[OCRResult | OCRDocument]:
        default = self.options.get("min_score", 0.5)
        threshold = float(min_score if min_score is not None else default)
        if not 0.0 <= threshold <= 1.0:
            raise InvalidInputError(f"min_score must be in [0, 1], got {min_score!r}")
        resolution = float(dpi or self.options.get("dpi", DEFAULT_DPI))
        results: list[OCRResult | OCRDocument] = []
        for item in items:
            if isinstance(item, PdfPages):
                results.append(OCRDocument([self._read(img, threshold, i)
                                            for i, img in enumerate(item.images(resolution))]))
            else:
                results.append(self._read(item, threshold))
        return results

    def _read(self, image: Image.Image, min_score: float, page: int = 0) -> OCRResult:
        import numpy as np

        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        with self._lock:
            found = self._run(bgr)
        lines = [TextLine(text.strip(), _quad(box), round(float(score), 4))
                 for text, score, box in found if text.strip() and float(score) >= min_score]
        return OCRResult.from_lines(lines, image.width, image.height, page)

    def _run(self, bgr: Any) -> list[tuple[str, float, Any]]:
        if self.v3:
            out = self.engine.predict(bgr)
            if not out:
                return []
            res = out[0]
            return list(zip(res["rec_texts"], res["rec_scores"], res["rec_polys"], strict=True))
        out = self.engine.ocr(bgr, cls="cls" in self.dirs)
        page = out[0] if out else None
        return [(text, score, box) for box, (text, score) in (page or [])]

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return path.is_dir() and is_model_dir(path / "det") and is_model_dir(path / "rec")

    @classmethod
    def card_for_path(cls, task: str, path: Path) -> ModelCard:
        """A card for a folder holding det/, rec/ and optionally cls/ inference models."""
        from taskzoo.registry import REGISTRY

        template = REGISTRY.resolve(task, "paddleocr-local")
        dirs = {f"{stage}_model_dir": str(path / stage) if is_model_dir(path / stage) else None
                for stage in STAGES}
        return dataclasses.replace(template.with_options(**dirs), name=str(path),
                                   description=f"PaddleOCR models in {path}")


def _quad(box: Any) -> tuple[tuple[float, float], ...]:
    points = [(round(float(x), 1), round(float(y), 1)) for x, y in list(box)[:4]]
    return tuple(points)
