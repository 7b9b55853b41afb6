"""Runs inside the ultralytics virtualenv for tests/test_detection_ultralytics.py (not a test).

ultralytics needs torch/torchvision builds that cannot live in the project's venv, so the test
starts this script with that venv's python (taskzoo on PYTHONPATH) and reads one JSON line back:

    python _detection_ultralytics_worker.py parity IMAGE...     boxes from both backends
    python _detection_ultralytics_worker.py nms-export DIR IMAGE...    export with NMS inside
    python _detection_ultralytics_worker.py train DATA_YAML OUT_DIR    fine-tune + export
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import taskzoo as tz


def _boxes(found: tz.Detections) -> list[dict[str, Any]]:
    return [b.to_dict() for b in found]


def parity(images: list[str]) -> dict[str, Any]:
    """The same weights (best.pt via ultralytics, its ONNX export via the runner) per image."""
    torch_pipe = tz.load("detection", "yolov8-fall-pt")
    onnx_pipe = tz.load("detection", "yolov8-fall")
    try:  # a named model is downloaded by ultralytics: refused while offline
        tz.load("detection", "yolov8n.pt").load()
        offline_error = ""
    except tz.ModelLoadError as exc:
        offline_error = str(exc)
    return {
        "offline_error": offline_error,
        "ultralytics": [_boxes(torch_pipe(p)) for p in images],
        "onnx": [_boxes(onnx_pipe(p)) for p in images],
        "backends": [torch_pipe.card.backend, onnx_pipe.card.backend],
    }


def nms_export(images: list[str], folder: str) -> dict[str, Any]:
    """best.pt exported with NMS inside ([1, 300, 6]) and served by the runner."""
    import shutil

    from taskzoo.backends.ultralytics import quiet_ultralytics
    from taskzoo.catalog.detection import FALL_PT

    quiet_ultralytics()  # settings under taskzoo's cache, no auto-installs
    from ultralytics import YOLO

    pt = Path(folder) / "fall.pt"
    shutil.copyfile(FALL_PT.locate(), pt)
    exported = YOLO(str(pt)).export(format="onnx", nms=True, simplify=False, verbose=False)
    pipe = tz.load("detection", exported)
    return {"layout": pipe.load().layout, "onnx": [_boxes(pipe(p)) for p in images]}


def train(data: str, out: str) -> dict[str, Any]:
    """One epoch of fine-tuning the default person/fall .pt on ``data``, exported to ONNX."""
    onnx_path = tz.train("detection", data=data, output_dir=out, epochs=1, imgsz=160, batch=4)
    pt = tz.load("detection", str(onnx_path.with_suffix(".pt")))
    return {"onnx": str(onnx_path), "pt_names": pt.load().names}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "parity":
        result = parity(args)
    elif command == "nms-export":
        result = nms_export(args[1:], args[0])
    else:
        result = train(*args)
    print("RESULT " + json.dumps(result))
