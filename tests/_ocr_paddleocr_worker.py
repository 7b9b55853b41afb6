"""Run the PaddleOCR model in .venv-paddleocr (see tests/test_ocr_paddleocr.py); print RESULT json.

Renders its inputs with Pillow and the Debian fonts: single lines, a batch, a three-line picture,
a two-page PDF; then a model folder of the wrong kind. Run with the network unshared when the
caller can, which proves loading and reading need no network.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

import taskzoo as tz
from taskzoo.errors import ModelLoadError

FONTS = Path("/usr/share/fonts/truetype")
LINES = (
    "The quick brown fox jumps over 13 lazy dogs.",
    "Invoice 2026-0417: total due EUR 1,249.50",
    "Permission is hereby granted, free of charge,",
    "to any person obtaining a copy of this software",
)
FACES = ("dejavu/DejaVuSans.ttf", "liberation/LiberationSerif-Regular.ttf",
         "freefont/FreeMono.ttf", "dejavu/DejaVuSerif.ttf")


def line(text: str, face: str, size: int = 30) -> Image.Image:
    font = ImageFont.truetype(str(FONTS / face), size)
    width = int(font.getlength(text)) + 40
    image = Image.new("RGB", (width, size * 2), "white")
    ImageDraw.Draw(image).text((20, size // 2), text, font=font, fill="black")
    return image


def page(texts: tuple[str, ...]) -> Image.Image:
    font = ImageFont.truetype(str(FONTS / FACES[0]), 28)
    image = Image.new("RGB", (900, 80 * len(texts) + 40), "white")
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(texts):
        draw.text((30, 30 + 80 * i), text, font=font, fill="black")
    return image


def cer(ref: str, hyp: str) -> float:
    """Character error rate: Levenshtein distance / reference length."""
    row = list(range(len(hyp) + 1))
    for i, a in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, b in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (a != b))
    return row[-1] / max(len(ref), 1)


def main() -> None:
    out: dict = {}
    pipe = tz.load("ocr", "ppocrv5-mobile-paddle")
    start = time.perf_counter()
    pipe.load()
    out["load_s"] = round(time.perf_counter() - start, 2)
    images = [line(t, f) for t, f in zip(LINES, FACES, strict=True)]
    one = pipe(images[0])
    out["single"] = {"type": type(one).__name__, "text": one.text,
                     "box": [list(p) for p in one.lines[0].box] if one.lines else None,
                     "score": one.lines[0].score if one.lines else None}
    batch = pipe(images)
    out["batch"] = [r.text for r in batch]
    out["cer"] = [round(cer(t, r.text), 4) for t, r in zip(LINES, batch, strict=True)]
    three = pipe(page(LINES[:3]))
    out["page_lines"] = [ln.text for ln in three.lines]
    drawn = three.draw()
    out["drawn_size"] = list(drawn.size)
    pdf = io.BytesIO()
    first, second = page(LINES[:2]), page(LINES[2:])
    first.save(pdf, format="PDF", save_all=True, append_images=[second], resolution=150)
    document = pipe(pdf.getvalue())
    out["pdf"] = {"type": type(document).__name__,
                  "pages": [[ln.text for ln in p.lines] for p in document.pages]}
    try:  # a folder of the wrong kind: the recogniser given as the detector
        tz.load("ocr", "ppocrv5-mobile-paddle",
                det_model_dir="PP-OCRv5_mobile_rec")(images[0])
        out["wrong_kind"] = None
    except ModelLoadError as exc:
        out["wrong_kind"] = str(exc)
    print("RESULT " + json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
