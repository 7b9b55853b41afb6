"""PP-OCR through RapidOCR: PaddleOCR's detection, orientation and recognition models in ONNX.

Only the model files inside the ``rapidocr`` wheel are used: their paths are passed explicitly
(after a sha256 check), so RapidOCR never reaches for its download URLs, and its drawing font is
never needed because :meth:`taskzoo.results.ocr.OCRResult.draw` draws with a local font.

Card options:

* ``files`` — ``{"det" | "rec" | "cls": (file name in the package folder, sha256)}``;
* ``detect`` — run the detector (False: the whole image is one text line, much faster);
* ``orientation`` — run the 0°/180° line classifier before recognition;
* ``min_score`` — drop lines whose recognition score is lower;
* ``det_limit_type`` / ``det_limit_side_len`` — how the detector resizes its input. RapidOCR's
  default (``"min"``, 736) upscales a 700×60 line to 8,600×736 pixels, which takes seconds;
  ours (``"max"``, 1280) never upscales and brings an A4 page at 150 dpi down to 1280 px high
  (12-pt text stays ~18 px tall, which the detector finds as well as at full size, at about
  half the cost; see tasks/ocr/README.md);
* ``max_side`` — images whose longer side exceeds this are downscaled before detection;
* ``dpi`` — resolution at which PDF pages are rendered.

``detect``, ``orientation``, ``min_score`` and ``dpi`` can also be given per call.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.errors import InvalidInputError
from taskzoo.inputs.document import DEFAULT_DPI, PdfPages
from taskzoo.results.ocr import DRAW_FONTS, OCRDocument, OCRResult, TextLine
from taskzoo.weights import verify

if TYPE_CHECKING:
    from PIL import Image

STAGES = {"det": "Det", "rec": "Rec", "cls": "Cls"}


class RapidOCRBackend(Backend):
    """Reads text lines (detection → optional orientation → recognition) with RapidOCR."""

    call_options: ClassVar[frozenset[str]] = frozenset(
        {"min_score", "detect", "orientation", "dpi"}
    )

    def load(self) -> None:
        from pathlib import Path

        from rapidocr import RapidOCR

        root = self.weights_path()
        params: dict[str, Any] = {
            "Global.log_level": "error",
            "Global.text_score": 0.0,  # filtering is ours (min_score), after reading order
            "Global.max_side_len": int(self.options.get("max_side", 2000)),
            "Global.font_path": next((f for f in DRAW_FONTS if Path(f).is_file()), None),
            "Det.limit_type": self.options.get("det_limit_type", "max"),
            "Det.limit_side_len": int(self.options.get("det_limit_side_len", 1280)),
        }
        files: dict[str, tuple[str, str]] = dict(self.options["files"])
        for stage, (name, sha256) in files.items():
            params[f"{STAGES[stage]}.model_path"] = str(verify(root / name, sha256))
        self.stages = set(files)
        self.engine = RapidOCR(params=params)
        self._lock = threading.Lock()

    def predict_batch(
        self,
        items: list[Image.Image | PdfPages],
        min_score: float | None = None,
        detect: bool | None = None,
        orientation: bool | None = None,
        dpi: float | None = None,
        **_: Any,
    ) -> list[OCRResult | OCRDocument]:
        settings = {
            "min_score": self._option(min_score, "min_score", 0.5),
            "detect": bool(self._option(detect, "detect", True)),
            "orientation": bool(self._option(orientation, "orientation", False)),
        }
        if not 0.0 <= float(settings["min_score"]) <= 1.0:
            raise InvalidInputError(f"min_score must be in [0, 1], got {min_score!r}")
        for flag, stage in (("detect", "det"), ("orientation", "cls")):
            if settings[flag] and stage not in self.stages:
                raise InvalidInputError(f"model {self.card.name!r} has no {stage} stage; "
                                        f"pass {flag}=False or pick another model")
        resolution = float(self._option(dpi, "dpi", DEFAULT_DPI))
        if resolution <= 0:
            raise InvalidInputError(f"dpi must be positive, got {dpi!r}")
        results: list[OCRResult | OCRDocument] = []
        for item in items:
            if isinstance(item, PdfPages):
                pages = [self._read(image, page=i, **settings)
                         for i, image in enumerate(item.images(resolution))]
                results.append(OCRDocument(pages))
            else:
                results.append(self._read(item, **settings))
        return results

    def _option(self, value: Any, name: str, default: Any) -> Any:
        return value if value is not None else self.options.get(name, default)

    def _read(
        self, image: Image.Image, min_score: float, detect: bool, orientation: bool, page: int = 0
    ) -> OCRResult:
        import numpy as np

        width, height = image.size
        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        with self._lock:  # RapidOCR keeps per-call flags on the engine object
            output = self.engine(bgr, use_det=detect, use_cls=orientation)
        texts = getattr(output, "txts", None) or ()
        scores = getattr(output, "scores", None) or ()
        boxes = getattr(output, "boxes", None)
        whole: tuple[tuple[float, float], ...] = (
            (0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height))
        )
        lines = []
        for i, (text, score) in enumerate(zip(texts, scores, strict=True)):
            if not text.strip() or float(score) < min_score:
                continue
            corners = whole if boxes is None or not detect else tuple(
                (round(float(x), 1), round(float(y), 1)) for x, y in boxes[i]
            )
            lines.append(TextLine(text.strip(), corners, round(float(score), 4)))  # type: ignore[arg-type]
        return OCRResult.from_lines(lines, width, height, page)
