"""Draw the pictures of docs/detection.md with the shipped models.

    python tasks/detection/draw_docs.py      # writes docs/images/detection*.jpg

detection.jpg: the default person detector on bus.jpg, on the cat picture with a person pasted
beside it (the cat gets no box) and, for comparison, the person/fall detector on that same
picture (which calls the cat a person); detection_layout.jpg: the document-layout model on a
page rendered here.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from data import photo, samples
from PIL import Image, ImageDraw, ImageFont

import taskzoo as tz

OUT = Path(__file__).resolve().parents[2] / "docs" / "images"
FONTS = Path("/usr/share/fonts/truetype/dejavu")


def side_by_side(images: list[Image.Image], height: int = 540) -> Image.Image:
    """The images scaled to one height, 10 px apart on white."""
    scaled = [im.resize((round(im.width * height / im.height), height)) for im in images]
    sheet = Image.new("RGB", (sum(im.width for im in scaled) + 10 * (len(scaled) - 1), height),
                      "white")
    x = 0
    for im in scaled:
        sheet.paste(im, (x, 0))
        x += im.width + 10
    return sheet


def page() -> Image.Image:
    """An A4 page at 150 dpi with a header, title, paragraphs, a figure, a table, a footer."""
    font = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 26)
    small = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 22)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 52)
    im = Image.new("RGB", (1240, 1754), "white")
    pen = ImageDraw.Draw(im)
    pen.text((100, 50), "Journal of Small Models  ·  Vol. 3  ·  2026", font=small, fill="gray")
    pen.text((100, 140), "Detecting People with Tiny Networks", font=bold, fill="black")
    text = ("Small task-specific models run on a laptop without a graphics card. We measure how "
            "well a compact detector finds people in street photos, and how fast it runs on two "
            "CPU cores. Careful pre-processing matters as much as the network itself.")
    y = 260
    for line in textwrap.wrap(text, 80):
        pen.text((100, y), line, font=font, fill="black")
        y += 36
    im.paste(photo("astronaut").resize((520, 520)), (360, y + 30))
    y += 560
    pen.text((360, y), "Figure 1. An astronaut, detected as a person.", font=small, fill="black")
    y += 70
    pen.text((100, y), "Table 1. Speed per image.", font=small, fill="black")
    y += 40
    rows = [("model", "batch", "CPU seconds"), ("yolov8-fall", "1", "0.151"),
            ("yolov8-fall", "8", "0.155"), ("ultralytics", "1", "0.168")]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            pen.rectangle((100 + 340 * c, y + 50 * r, 440 + 340 * c, y + 50 * (r + 1)),
                          outline="black", width=2)
            pen.text((112 + 340 * c, y + 50 * r + 10), cell, font=font, fill="black")
    pen.text((600, 1674), "- 7 -", font=small, fill="gray")
    return im


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    pick = {s.name: s.image for s in samples()
            if s.name in {"bus", "composed_chelsea_astronaut"}}
    fall = tz.load("detection", "yolov8-fall")
    drawn = [tz.detect(pick["bus"]).draw(), tz.detect(pick["composed_chelsea_astronaut"]).draw(),
             fall(pick["composed_chelsea_astronaut"]).draw()]
    side_by_side(drawn).save(OUT / "detection.jpg", quality=85)
    doc = page()
    layout = tz.load("detection", "layout")(doc).draw()
    layout.thumbnail((620, 880))
    layout.save(OUT / "detection_layout.jpg", quality=85)
    print(f"wrote {OUT / 'detection.jpg'} and {OUT / 'detection_layout.jpg'}")


if __name__ == "__main__":
    main()
