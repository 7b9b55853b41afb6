"""The ultralytics backend: parity with the torch-free runner, fine-tuning, export to ONNX.

ultralytics does not run beside the project's torch 2.13.0 CPU build (PyPI torchvision is a CUDA
build that fails to load there), so these tests run their ultralytics half in a separate venv,
``.venv-ultralytics`` (made by scripts/setup.d/40-detection.sh; missing, its tests skip, or fail in
CI: tests/side_venvs.py), through tests/_detection_ultralytics_worker.py, and check the results
here.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from detection_photos import PHOTOS
from PIL import Image
from side_venvs import require_side_python, side_python

import taskzoo as tz

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).parent / "_detection_ultralytics_worker.py"


@pytest.fixture(scope="module", autouse=True)
def ultralytics_venv() -> Path:
    """Every test here runs its ultralytics half in .venv-ultralytics."""
    return require_side_python(".venv-ultralytics")


def _work(*args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TASKZOO_OFFLINE": "1"}
    python = side_python(".venv-ultralytics")
    done = subprocess.run([str(python), str(WORKER), *args], capture_output=True, text=True,
                          env=env, timeout=900, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT "):])
    return result


@pytest.fixture(scope="session")
def photos() -> list[str]:
    """Real photos: bus and zidane (ultralytics wheel), astronaut, camera, coffee, chelsea."""
    paths = [str(photo.locate()) for photo in PHOTOS.values()]
    data = pytest.importorskip("skimage.data")
    for name in ("astronaut", "camera", "coffee", "chelsea"):
        paths.append(str(Path(data.data_dir) / f"{name}.png"))
    return paths


def _iou(a: dict[str, float], b: dict[str, float]) -> float:
    w = min(a["x2"], b["x2"]) - max(a["x1"], b["x1"])
    h = min(a["y2"], b["y2"]) - max(a["y1"], b["y1"])
    inter = max(w, 0) * max(h, 0)
    area = (a["x2"] - a["x1"]) * (a["y2"] - a["y1"]) + (b["x2"] - b["x1"]) * (b["y2"] - b["y1"])
    return inter / (area - inter)


def test_same_weights_give_the_same_boxes_through_both_backends(photos: list[str]) -> None:
    result = _work("parity", *photos)
    assert result["backends"] == ["taskzoo.backends.ultralytics:UltralyticsYolo",
                                  "taskzoo.backends.onnx_yolo:OnnxYolo"]
    assert "TASKZOO_OFFLINE=0" in result["offline_error"]
    compared = 0
    for torch_boxes, onnx_boxes in zip(result["ultralytics"], result["onnx"], strict=True):
        assert len(torch_boxes) == len(onnx_boxes)
        for a in torch_boxes:
            best = max(onnx_boxes, key=lambda b, a=a: _iou(a, b))
            assert _iou(a, best) >= 0.9, (a, best)
            assert abs(a["score"] - best["score"]) <= 0.02 and a["label"] == best["label"]
            compared += 1
    assert compared >= 8  # several people over several photos


def test_an_export_with_nms_inside_gives_the_same_boxes(
    photos: list[str], tmp_path_factory: pytest.TempPathFactory,
) -> None:
    result = _work("nms-export", str(tmp_path_factory.mktemp("nms")), *photos[:3])
    assert result["layout"] == "e2e"  # [1, 300, 6]: boxes already filtered by the model
    # the export filters inside the graph at ultralytics' defaults (conf 0.25, IoU 0.7) and a
    # local ONNX file gets the runner's generic conf 0.25; compare the default model at that
    # same point (its own operating point, conf 0.45 / IoU 0.5, keeps fewer boxes)
    pipe = tz.load("detection", "yolov8-fall")
    at_export_iou = [[b.to_dict() for b in pipe(p, conf=0.25, iou=0.7)] for p in photos[:3]]
    for ours, inside in zip(at_export_iou, result["onnx"], strict=True):
        assert len(ours) == len(inside) >= 1
        for a, b in zip(ours, inside, strict=True):
            assert _iou(a, b) >= 0.99 and abs(a["score"] - b["score"]) <= 0.001


@pytest.fixture(scope="session")
def detector_boxes(photos: list[str]) -> list[list[dict[str, Any]]]:
    """The person/fall ONNX runner's boxes on the photos (in this venv)."""
    pipe = tz.load("detection", "yolov8-fall")
    return [[b.to_dict() for b in pipe(p)] for p in photos]


@pytest.fixture(scope="session")
def tiny_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A YOLO-format dataset: 12 noisy 160-px pictures, each with one or two 'block's."""
    root = tmp_path_factory.mktemp("yolo-data")
    rng = np.random.default_rng(0)
    for split, count in (("train", 8), ("val", 4)):
        (root / "images" / split).mkdir(parents=True)
        (root / "labels" / split).mkdir(parents=True)
        for i in range(count):
            pixels = rng.integers(0, 90, (160, 160, 3), dtype=np.uint8)
            rows = []
            for _ in range(int(rng.integers(1, 3))):
                w, h = (int(v) for v in rng.integers(30, 60, 2))
                x, y = int(rng.integers(0, 160 - w)), int(rng.integers(0, 160 - h))
                pixels[y:y + h, x:x + w] = (230, 200, 40)
                rows.append(f"0 {(x + w / 2) / 160:.5f} {(y + h / 2) / 160:.5f} "
                            f"{w / 160:.5f} {h / 160:.5f}")
            Image.fromarray(pixels).save(root / "images" / split / f"{i}.png")
            (root / "labels" / split / f"{i}.txt").write_text("\n".join(rows) + "\n")
    (root / "data.yaml").write_text(
        f"path: {root}\ntrain: images/train\nval: images/val\nnames:\n  0: block\n"
    )
    return root


def test_fine_tune_one_epoch_then_serve_the_onnx_without_torch(
    tiny_dataset: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("trained")
    result = _work("train", str(tiny_dataset / "data.yaml"), str(out))
    onnx_path = Path(result["onnx"])
    assert onnx_path.is_file() and onnx_path.suffix == ".onnx"
    assert result["pt_names"] == ["block"]
    pipe = tz.load("detection", str(onnx_path))  # the torch-free runner, in this venv
    backend = pipe.load()
    assert backend.names == ["block"] and backend.batch is None and backend.size == (160, 160)
    images = sorted((tiny_dataset / "images" / "val").glob("*.png"))
    found = pipe(images, conf=0.001)
    assert len(found) == len(images)
    assert all(d.width == 160 and set(d.labels) <= {"block"} for d in found)
    assert any(len(d) for d in found)
