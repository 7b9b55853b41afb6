"""The document-layout detector (PicoDet, CDLA classes) on a page rendered in the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

import taskzoo as tz

FONTS = Path("/usr/share/fonts/truetype/dejavu")
DATA = Path(__file__).parent / "data" / "detection"

# where the page below puts each region (x1, y1, x2, y2)
FIGURE = (360, 420, 880, 940)
TABLE = (100, 1080, 1120, 1280)


@pytest.fixture(scope="session")
def layout() -> tz.Pipeline:
    pipe = tz.load("detection", "layout")
    pipe.load()
    return pipe


@pytest.fixture(scope="session")
def page() -> Image.Image:
    """An A4 page at 150 dpi: header, title, paragraphs, a figure, a table, a page number."""
    if not (FONTS / "DejaVuSans.ttf").exists():
        pytest.skip("DejaVu fonts missing: run scripts/setup.d/10-system.sh")
    font = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 26)
    small = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 22)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 52)
    im = Image.new("RGB", (1240, 1754), "white")
    pen = ImageDraw.Draw(im)
    pen.text((100, 50), "Journal of Small Models  ·  Vol. 3  ·  2026", font=small, fill="gray")
    pen.text((100, 140), "Detecting People with Tiny Networks", font=bold, fill="black")
    lines = ["Small task-specific models run on a laptop without a graphics card. We",
             "measure how well a compact detector finds people in street photos, and",
             "how fast it runs on two CPU cores, with and without batching."]
    for i, line in enumerate(lines):
        pen.text((100, 270 + 36 * i), line, font=font, fill="black")
    photo = Image.new("RGB", (FIGURE[2] - FIGURE[0], FIGURE[3] - FIGURE[1]), (40, 90, 160))
    ImageDraw.Draw(photo).ellipse((60, 60, 460, 460), fill=(230, 160, 60))
    im.paste(photo, FIGURE[:2])
    pen.text((360, 950), "Figure 1. A sun over the sea.", font=small, fill="black")
    pen.text((100, 1040), "Table 1. Speed per image.", font=small, fill="black")
    rows = [("model", "batch", "seconds"), ("yolov8-fall", "1", "0.15"),
            ("yolov8-fall", "8", "0.12"), ("ultralytics", "1", "0.16")]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            x, y = TABLE[0] + 340 * c, TABLE[1] + 50 * r
            pen.rectangle((x, y, x + 340, y + 50), outline="black", width=2)
            pen.text((x + 12, y + 10), cell, font=font, fill="black")
    for i, line in enumerate(["Future work will compare detectors trained on more varied data,",
                              "including people lying down, partly hidden or far away."]):
        pen.text((100, 1330 + 36 * i), line, font=font, fill="black")
    pen.text((600, 1674), "- 7 -", font=small, fill="gray")
    return im


def _best(found: tz.Detections, label: str, where: tuple[int, int, int, int]) -> float:
    target = tz.Box(label, 1.0, *where)
    return max((b.iou(target) for b in found if b.label == label), default=0.0)


def test_finds_the_regions_of_a_page(layout: tz.Pipeline, page: Image.Image) -> None:
    found = layout(page)
    assert {"title", "text", "figure", "table"} <= set(found.labels)
    assert _best(found, "figure", FIGURE) >= 0.7
    assert _best(found, "table", TABLE) >= 0.7
    assert found.filter(labels="text", min_score=0.5).boxes  # the paragraphs
    assert set(found.labels) <= set(layout.card.labels)


def test_a_blank_page_has_no_regions(layout: tz.Pipeline) -> None:
    assert len(layout(Image.new("RGB", (1240, 1754), "white"))) == 0


def test_local_files_pick_the_right_decoder(layout: tz.Pipeline) -> None:
    path = layout.card.source.locate()
    assert tz.load("detection", str(path)).card.backend.endswith("OnnxPicoDet")
    assert tz.load("detection", str(DATA / "yolov5_const.onnx")).card.backend.endswith("OnnxYolo")
