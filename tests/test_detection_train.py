"""taskzoo.train("detection", ...) checks its arguments before any training starts.

The training itself (ultralytics, one epoch, ONNX export) is tested in
tests/test_detection_ultralytics.py, inside the ultralytics venv.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import taskzoo as tz


def test_a_missing_data_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(tz.InvalidInputError, match=r"data\.yaml"):
        tz.train("detection", data=tmp_path / "nope.yaml", output_dir=tmp_path / "out")


def test_bad_numbers_and_missing_start_model_are_refused(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text("path: .\ntrain: images\nval: images\nnames:\n  0: thing\n")
    with pytest.raises(tz.InvalidInputError, match="epochs"):
        tz.train("object-detection", data=data, output_dir=tmp_path / "out", epochs=0)
    with pytest.raises(tz.InvalidInputError, match="no starting model"):
        tz.train("detect", data=data, output_dir=tmp_path / "out", model="/no/such/start.pt")


@pytest.mark.skipif(importlib.util.find_spec("ultralytics") is not None,
                    reason="ultralytics is installed here")
def test_without_ultralytics_the_error_says_what_to_install(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text("path: .\ntrain: images\nval: images\nnames:\n  0: thing\n")
    with pytest.raises(tz.MissingDependencyError, match=r"taskzoo\[ultralytics\]"):
        tz.train("detection", data=data, output_dir=tmp_path / "out", model="yolov8n.yaml")
