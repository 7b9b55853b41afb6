"""OCR with PP-OCRv6 (offline, ONNX): read an image, draw what was read, read a PDF.

    python examples/ocr.py [image-or-pdf]

Without an argument it makes a small receipt picture with a Debian font, so it runs anywhere.
"""

import io
import sys

from PIL import Image, ImageDraw, ImageFont

import taskzoo as tz


def receipt() -> Image.Image:
    """A little receipt: a title, two columns of items and prices, a total."""
    image = Image.new("RGB", (560, 300), (250, 248, 240))
    pen = ImageDraw.Draw(image)
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    big, small = ImageFont.truetype(font, 34), ImageFont.truetype(font, 24)
    pen.text((150, 20), "CORNER CAFE", font=big, fill=(20, 20, 20))
    for i, (item, price) in enumerate([("Flat white", "3.40"), ("Rye bread", "4.10"),
                                       ("Lemon tart", "3.95")]):
        pen.text((40, 95 + 45 * i), item, font=small, fill=(30, 30, 30))
        pen.text((420, 95 + 45 * i), price, font=small, fill=(30, 30, 30))
    pen.text((40, 240), "TOTAL", font=big, fill=(0, 0, 0))
    pen.text((400, 240), "11.45", font=big, fill=(0, 0, 0))
    return image


source = sys.argv[1] if len(sys.argv) > 1 else receipt()
result = tz.ocr(source)                       # an OCRResult (an OCRDocument for a PDF)
print(result.text)
print("---")
for line in result.lines:                     # reading order: rows top to bottom, left to right
    (x1, y1), _, (x2, y2), _ = line.box
    print(f"{line.score:.3f}  ({x1:.0f},{y1:.0f})-({x2:.0f},{y2:.0f})  {line.text}")

if isinstance(result, tz.OCRResult):
    result.draw(source, "ocr_overlay.png")    # boxes on the picture, text on a copy beside it
    print("wrote ocr_overlay.png")

    # the same picture as a two-page PDF: one OCRResult per page, pages joined by "\f"
    picture = source if isinstance(source, Image.Image) else Image.open(source).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="PDF", save_all=True, append_images=[picture], resolution=150)
    document = tz.ocr(buffer.getvalue(), dpi=150)
    print(f"PDF: {len(document)} pages, first page reads {document[0].text.splitlines()[0]!r}")

# a crop that is one line of text: the recogniser alone, no detection
line_model = tz.load("ocr", "ppocrv6-small-line")
first = result.lines[0] if result.lines else None
if first is not None and isinstance(source, Image.Image):
    crop = source.crop((int(first.left), int(first.top), int(first.right), int(first.bottom)))
    print(f"line model on the first line's crop: {line_model(crop).text!r}")
