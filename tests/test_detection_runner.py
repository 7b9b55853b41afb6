"""The torch-free ONNX YOLO runner on tiny hand-built models whose right answers are known exactly.

The models are made by tests/data/detection/make_models.py (see its docstring for each output).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

import taskzoo as tz
from taskzoo.backends._boxes import nms
from taskzoo.backends.onnx_yolo import letterbox, output_layout, read_names

DATA = Path(__file__).parent / "data" / "detection"
WHITE = Image.new("RGB", (64, 64), (255, 255, 255))


def _model(name: str) -> tz.Pipeline:
    return tz.load("detection", str(DATA / f"{name}.onnx"))


def _xyxy(box: tz.Box) -> tuple[float, ...]:
    return (box.x1, box.y1, box.x2, box.y2)


def test_yolov5_layout_threshold_and_class_aware_nms() -> None:
    found = _model("yolov5_const")(WHITE)
    # objectness x class probability; the duplicate person is suppressed, the dog on the same
    # spot is kept because NMS is per class; the 0.09 box is under conf=0.25
    assert [(b.label, b.score) for b in found] == [("person", 0.81), ("dog", 0.72)]
    assert _xyxy(found[0]) == (22.0, 12.0, 42.0, 52.0)
    assert found.width == 64 and found.height == 64


def test_call_options_conf_max_det_and_labels() -> None:
    pipe = _model("yolov5_const")
    assert len(pipe(WHITE, conf=0.05)) == 3  # the low box appears under a lower threshold
    assert [b.label for b in pipe(WHITE, max_det=1)] == ["person"]
    assert [b.label for b in pipe(WHITE, labels=["dog"])] == ["dog"]
    with pytest.raises(tz.InvalidInputError, match="conf"):
        pipe(WHITE, conf=2)
    with pytest.raises(tz.InvalidInputError, match="max_det"):
        pipe(WHITE, max_det=0)
    with pytest.raises(tz.InvalidInputError, match="accepted options"):
        pipe(WHITE, nonsense=1)


def test_labels_as_a_card_option_keep_one_class_and_a_call_can_widen_it() -> None:
    """A COCO model served as a person detector: the card's ``labels`` drop other classes before
    NMS and max_det; ``labels=None`` per call gives every class back."""
    pipe = tz.load("detection", str(DATA / "yolov5_const.onnx"), labels=("person",))
    assert pipe.card.options["labels"] == ("person",)
    assert [b.label for b in pipe(WHITE)] == ["person"]
    assert [b.label for b in pipe(WHITE, max_det=1, labels=["dog"])] == ["dog"]
    assert [b.label for b in pipe(WHITE, labels=None)] == ["person", "dog"]
    assert [b.label for b in pipe(WHITE, labels="DOG")] == ["dog"]  # case-insensitive


def test_end_to_end_layout_skips_padding_rows() -> None:
    found = _model("end2end_const")(WHITE)
    assert [(b.label, b.score, _xyxy(b)) for b in found] == [
        ("dog", 0.95, (8.0, 8.0, 24.0, 40.0)),
        ("person", 0.6, (30.0, 10.0, 60.0, 60.0)),
    ]


def test_boxes_map_back_through_the_letterbox() -> None:
    # a 128×64 grey image is scaled by 0.5 and padded 16 px top and bottom; the network box
    # (12, 12, 52, 52) maps to (24, -8, 104, 72), clipped to the image
    found = _model("v8_brightness")(Image.new("RGB", (128, 64), (128, 128, 128)))
    assert _xyxy(found[0]) == (24.0, 0.0, 104.0, 64.0)
    assert (found.width, found.height) == (128, 64)


class _CountingSession:
    """Wraps an onnxruntime session and records the batch size of every run."""

    def __init__(self, session: Any) -> None:
        self.session, self.batches = session, []

    def run(self, names: Any, feeds: dict[str, np.ndarray]) -> Any:
        self.batches.append(next(iter(feeds.values())).shape[0])
        return self.session.run(names, feeds)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


def test_a_list_runs_as_one_batch_in_order() -> None:
    pipe = _model("v8_brightness")
    backend = pipe.load()
    backend.session = _CountingSession(backend.session)
    images = [WHITE, Image.new("RGB", (64, 64)), Image.new("RGB", (90, 40), (128, 128, 128))]
    found = pipe(images)
    assert backend.session.batches == [3]
    # the score is the (letterboxed) image's brightness: each result belongs to its own image
    assert found[0][0].score == 1.0
    assert len(found[1]) == 0
    assert 0.3 < found[2][0].score < 0.5
    assert [d.width for d in found] == [64, 64, 90]
    assert [pipe(im) for im in images] == found



def test_long_lists_run_in_batches_of_max_batch() -> None:
    """A dynamic batch is capped (card option ``max_batch``, 4 by default): memory grows with
    the batch, speed per image does not."""
    images = [Image.new("RGB", (64, 64), (i * 20, i * 20, i * 20)) for i in range(11)]
    pipe = _model("v8_brightness")
    backend = pipe.load()
    backend.session = _CountingSession(backend.session)
    found = pipe(images)
    assert backend.session.batches == [4, 4, 3]
    small = tz.load("detection", str(DATA / "v8_brightness.onnx"), max_batch=2)
    small_backend = small.load()
    small_backend.session = _CountingSession(small_backend.session)
    assert small(images) == found
    assert small_backend.session.batches == [2, 2, 2, 2, 2, 1]

@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_detector", r"shape \[1, 3\].*expected \[batch, 4 \+ classes, anchors\]"),
        ("bad_output", r"\[1, 9, 10\].*for 2 classes: expected"),
        ("text_input", r"expected one input of shape \[batch, 3, height, width\]"),
    ],
)
def test_models_that_are_not_yolo_detectors_are_refused(name: str, message: str) -> None:
    with pytest.raises(tz.ModelLoadError, match=message):
        _model(name).load()


def test_a_file_that_is_not_onnx_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"this is not a protobuf")
    with pytest.raises(tz.ModelLoadError, match="not a loadable ONNX model"):
        tz.load("detection", str(fake)).load()


def test_output_layout_rules() -> None:
    assert output_layout([1, 84, 8400], 80, False) == ("v8", 80)
    assert output_layout([1, 25200, 85], 80, False) == ("v5", 80)
    assert output_layout([1, 300, 6], 80, True) == ("e2e", 80)
    assert output_layout([1, 6, 8400], None, False) == ("v8", 2)  # no names: infer the count
    with pytest.raises(tz.ModelLoadError, match="expected"):
        output_layout([1, 84, 8400], 2, False)


def test_read_names_from_metadata() -> None:
    assert read_names({"names": "{0: 'person', 1: 'bicycle'}"}) == ["person", "bicycle"]
    assert read_names({"names": "not python"}) is None
    assert read_names({}) is None


def test_letterbox_geometry() -> None:
    array, ratio, pad = letterbox(Image.new("RGB", (200, 100), (10, 20, 30)), (64, 64))
    assert array.shape == (64, 64, 3) and ratio == pytest.approx(0.32)
    assert pad == (0.0, 16.0)
    assert tuple(array[0, 0]) == (114, 114, 114)  # grey padding
    assert tuple(array[32, 32]) == (10, 20, 30)


def test_nms_is_class_aware_unless_agnostic() -> None:
    boxes = np.array([[0, 0, 10, 10], [1, 1, 10, 10], [0, 0, 10, 10]], dtype=np.float32)
    scores = np.array([0.9, 0.8, 0.7], dtype=np.float32)
    classes = np.array([0, 0, 1])
    assert nms(boxes, scores, classes, 0.5, 300).tolist() == [0, 2]
    assert nms(boxes, scores, classes, 0.5, 300, agnostic=True).tolist() == [0]
    assert nms(boxes, scores, classes, 0.5, 1).tolist() == [0]


@pytest.mark.parametrize("labels, message", [
    ([1], "labels must be class names"), (5, "labels must be a class name or a list"),
])
def test_labels_that_are_not_class_names_are_a_typed_error(labels: Any, message: str) -> None:
    from taskzoo.backends._boxes import call_settings

    with pytest.raises(tz.InvalidInputError, match=message):
        call_settings({}, {"labels": labels})
    settings = call_settings({}, {"labels": (n for n in ["Person", "dog"])})  # read once
    assert settings.class_ids(["person", "bicycle", "dog"]).tolist() == [0, 2]
