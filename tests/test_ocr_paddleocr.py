"""The paddleocr backend: its model-folder checks run everywhere; a real run needs paddlepaddle,
paddleocr and PP-OCR inference-model folders, which CI does not have (see tasks/ocr/README.md):

    TASKZOO_PADDLEOCR_MODELS=/path/with/det/and/rec pytest -m local_only tests/test_ocr_paddleocr.py
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

import taskzoo as tz
from taskzoo.backends.paddleocr import PaddleOCRBackend, check_model_dirs
from taskzoo.errors import MissingDependencyError, ModelLoadError
from taskzoo.registry import resolve


def fake_model(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "inference.pdiparams").write_bytes(b"weights")
    (path / "inference.json").write_text("{}")
    return path


def test_missing_model_dirs_are_named(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError) as info:
        check_model_dirs({"det_model_dir": str(tmp_path / "nope"), "rec_model_dir": None})
    message = str(info.value)
    assert f"det_model_dir='{tmp_path / 'nope'}' does not exist" in message
    assert "rec_model_dir is not set" in message and "cannot download" in message


def test_a_folder_without_inference_files_is_named(tmp_path: Path) -> None:
    det = fake_model(tmp_path / "det")
    (tmp_path / "rec").mkdir()
    with pytest.raises(ModelLoadError, match=r"rec_model_dir=.*has no inference.pdiparams"):
        check_model_dirs({"det_model_dir": str(det), "rec_model_dir": str(tmp_path / "rec")})
    assert check_model_dirs({"det_model_dir": str(det),
                             "rec_model_dir": str(fake_model(tmp_path / "rec2"))}).keys() \
        == {"det", "rec"}


def test_backend_checks_folders_before_importing_paddle(tmp_path: Path) -> None:
    card = resolve("ocr", "paddleocr-local").with_options(rec_model_dir=str(tmp_path))
    with pytest.raises(ModelLoadError, match="det_model_dir is not set"):
        PaddleOCRBackend(card).load()


def test_a_folder_with_det_and_rec_is_a_paddleocr_model(tmp_path: Path) -> None:
    fake_model(tmp_path / "det")
    fake_model(tmp_path / "rec")
    card = resolve("ocr", str(tmp_path))
    assert card.backend.endswith("PaddleOCRBackend") and card.extra == "paddleocr"
    assert card.options["det_model_dir"] == str(tmp_path / "det")
    assert card.options["cls_model_dir"] is None


@pytest.mark.skipif(importlib.util.find_spec("paddleocr") is not None,
                    reason="paddleocr is installed here")
def test_without_paddleocr_the_extra_is_named() -> None:
    with pytest.raises(MissingDependencyError, match=r"taskzoo\[paddleocr\]"):
        tz.load("ocr", "paddleocr-local")(Image.new("RGB", (50, 50)))


@pytest.mark.local_only
@pytest.mark.skipif(not os.environ.get("TASKZOO_PADDLEOCR_MODELS")
                    or importlib.util.find_spec("paddleocr") is None,
                    reason="needs paddleocr and TASKZOO_PADDLEOCR_MODELS=<folder with det/ rec/>")
def test_paddleocr_reads_a_line() -> None:
    image = Image.new("RGB", (600, 80), "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 32)
    ImageDraw.Draw(image).text((20, 18), "Hello from PaddleOCR", font=font, fill="black")
    result = tz.ocr(image, model=os.environ["TASKZOO_PADDLEOCR_MODELS"])
    assert result.text == "Hello from PaddleOCR"
    assert len(result.lines[0].box) == 4
