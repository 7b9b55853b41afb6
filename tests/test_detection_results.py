"""Detections and Box without a model: filtering, cropping, drawing, IoU, serialisation."""

from __future__ import annotations

import json
import pickle

import pytest
from PIL import Image

import taskzoo as tz
from taskzoo.results import Box, Detections


@pytest.fixture()
def found() -> Detections:
    image = Image.new("RGB", (200, 100), (0, 0, 0))
    image.paste((255, 0, 0), (10, 10, 60, 90))  # a red block where the first box is
    return Detections.of(
        [Box("dog", 0.4, 100, 20, 150, 80), Box("person", 0.9, 10, 10, 60, 90),
         Box("Person", 0.6, 120, 0, 200, 50)],
        image,
    )


def test_of_sorts_best_first_and_keeps_the_size(found: Detections) -> None:
    assert [b.score for b in found] == [0.9, 0.6, 0.4]
    assert (found.width, found.height, len(found)) == (200, 100, 3)


def test_filter_by_labels_score_and_count(found: Detections) -> None:
    assert found.filter(labels="person").labels == ["person", "Person"]  # case-insensitive
    assert found.filter(labels=["dog"]).labels == ["dog"]
    assert found.filter(min_score=0.5).labels == ["person", "Person"]
    assert found.filter(max_det=1).labels == ["person"]
    assert found.filter(labels="cat").boxes == []
    assert found.filter(labels="dog").image is found.image  # still drawable
    with pytest.raises(tz.InvalidInputError, match="max_det"):
        found.filter(max_det=-1)


def test_crop_returns_the_pixels_of_a_box(found: Detections) -> None:
    crop = found.crop(0)
    assert crop.size == (50, 80)
    assert crop.getpixel((25, 40)) == (255, 0, 0)
    with pytest.raises(tz.InvalidInputError, match="no box 5"):
        found.crop(5)


def test_draw_marks_boxes_and_leaves_the_source_alone(found: Detections, tmp_path) -> None:
    drawn = found.draw(tmp_path / "out.jpg")
    assert drawn.size == (200, 100) and (tmp_path / "out.jpg").exists()
    assert drawn.getpixel((100, 60)) != (0, 0, 0)  # the dog box's left edge
    assert found.image.getpixel((100, 60)) == (0, 0, 0)


def test_rebuilt_detections_need_an_image(found: Detections) -> None:
    plain = Detections(boxes=found.boxes, width=200, height=100)
    with pytest.raises(tz.InvalidInputError, match="pass image="):
        plain.draw()
    assert plain.crop(0, image=found.image).size == (50, 80)


def test_to_dict_is_json_and_pickle_round_trips(found: Detections) -> None:
    data = json.loads(json.dumps(found.to_dict()))
    assert data["boxes"][0] == {"label": "person", "score": 0.9, "x1": 10, "y1": 10,
                                "x2": 60, "y2": 90}
    again = pickle.loads(pickle.dumps(found))
    assert again == found and again.draw().size == (200, 100)


def test_box_iou_and_area() -> None:
    a, b = Box("x", 1, 0, 0, 10, 10), Box("x", 1, 5, 0, 15, 10)
    assert a.area == 100 and a.iou(b) == pytest.approx(50 / 150)
    assert a.iou(Box("x", 1, 20, 20, 30, 30)) == 0.0
    assert a.iou(a) == 1.0
