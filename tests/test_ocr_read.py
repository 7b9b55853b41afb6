"""taskzoo.ocr with the real PP-OCRv6 models: text, boxes, reading order, every input form, PDFs,
options, streaming, and that nothing is ever downloaded."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import taskzoo as tz
from taskzoo.errors import InvalidInputError
from taskzoo.results.ocr import OCRDocument, OCRResult

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FIRST, SECOND, THIRD = "Quiet rivers run deep", "under 42 bridges", "Meet me at noon"


def render(lines: list[tuple[str, int, int]], size: tuple[int, int] = (900, 160),
           font_size: int = 30) -> Image.Image:
    """A white image with each (text, x, y) drawn in black."""
    image = Image.new("RGB", size, "white")
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_size)
    for text, x, y in lines:
        pen.text((x, y), text, font=font, fill="black")
    return image


@pytest.fixture(scope="session")
def page() -> Image.Image:
    """Two text segments on the first row, one on the second."""
    return render([(FIRST, 20, 20), (SECOND, 520, 24), (THIRD, 20, 95)])


@pytest.fixture(scope="session")
def page_result(page: Image.Image) -> OCRResult:
    return tz.ocr(page)


@pytest.fixture(scope="session")
def single_line() -> Image.Image:
    return render([(THIRD, 12, 10)], size=(300, 56))


def chars(text: str) -> str:
    """The text without any whitespace (a resampled page may lose or gain a space)."""
    return "".join(text.split())


def test_reads_lines_in_reading_order(page_result: OCRResult) -> None:
    assert isinstance(page_result, OCRResult)
    assert page_result.text == f"{FIRST} {SECOND}\n{THIRD}"
    assert [line.text for line in page_result.lines] == [FIRST, SECOND, THIRD]
    assert all(0.5 <= line.score <= 1.0 for line in page_result.lines)
    assert (page_result.width, page_result.height) == (900, 160)


def test_boxes_are_four_corners_around_the_text(page: Image.Image,
                                                page_result: OCRResult) -> None:
    font = ImageFont.truetype(FONT, 30)
    for line, (text, x, y) in zip(page_result.lines,
                                  [(FIRST, 20, 20), (SECOND, 520, 24), (THIRD, 20, 95)],
                                  strict=True):
        assert len(line.box) == 4
        left, top, right, bottom = font.getbbox(text)
        assert abs(line.left - (x + left)) < 12 and abs(line.right - (x + right)) < 12
        assert abs(line.top - (y + top)) < 12 and abs(line.bottom - (y + bottom)) < 12


def test_boxes_are_in_original_pixels_of_a_large_image() -> None:
    """A 2600-px-wide image is shrunk for the detector; boxes come back in its own pixels."""
    big = render([(FIRST, 1500, 900)], size=(2600, 1200), font_size=48)
    (line,) = tz.ocr(big).lines
    left, top, right, bottom = ImageFont.truetype(FONT, 48).getbbox(FIRST)
    assert line.text == FIRST
    assert abs(line.left - (1500 + left)) < 20 and abs(line.right - (1500 + right)) < 20
    assert abs(line.top - (900 + top)) < 20 and abs(line.bottom - (900 + bottom)) < 20


def test_every_input_form_reads_the_same(page: Image.Image, page_result: OCRResult,
                                         tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    page.save(path)
    rgb = np.asarray(page)
    gray16 = (np.asarray(page.convert("L")).astype(np.uint16) * 257)
    rgba = np.dstack([rgb, np.full(rgb.shape[:2], 255, np.uint8)])
    forms = [str(path), path, path.read_bytes(), page, rgb, rgba, rgb.mean(axis=2).astype(np.uint8),
             gray16, page.convert("L"), page.convert("RGBA")]
    for form in forms:
        assert tz.ocr(form).text == page_result.text, type(form)


def test_exif_orientation_is_honoured(single_line: Image.Image, tmp_path: Path) -> None:
    stored = single_line.rotate(90, expand=True)  # stored sideways ...
    exif = Image.Exif()
    exif[0x0112] = 6  # ... and tagged "rotate 90° clockwise to display"
    path = tmp_path / "sideways.jpg"
    stored.save(path, exif=exif, quality=95)
    result = tz.ocr(path)
    assert result.text == THIRD and (result.width, result.height) == single_line.size


def test_blank_image_is_an_empty_result() -> None:
    result = tz.ocr(Image.new("RGB", (640, 480), (250, 250, 250)))
    assert result.text == "" and result.lines == [] and result.width == 640


def test_list_in_list_out_and_stream_over_a_folder(page: Image.Image, single_line: Image.Image,
                                                   tmp_path: Path, capsys) -> None:
    results = tz.ocr([single_line, page])
    assert [r.text for r in results] == [THIRD, f"{FIRST} {SECOND}\n{THIRD}"]
    for i in range(3):
        single_line.save(tmp_path / f"scan{i}.png")
    pipe = tz.load("ocr")
    texts = [r.text for r in pipe.stream(sorted(tmp_path.glob("*.png")), batch_size=2,
                                        progress=True)]
    assert texts == [THIRD] * 3
    assert "3/3" in capsys.readouterr().err


def test_min_score_and_unknown_options(page: Image.Image, page_result: OCRResult) -> None:
    everything = tz.ocr(page, min_score=0.0)
    assert everything.text == page_result.text
    strict = tz.ocr(page, min_score=1.0)
    assert all(line.score >= 1.0 for line in strict.lines)
    weakest = min(line.score for line in everything.lines)
    above = tz.ocr(page, min_score=min(1.0, weakest + 1e-4))
    assert len(above.lines) == len(everything.lines) - 1
    with pytest.raises(InvalidInputError, match="min_score"):
        tz.ocr(page, min_score=2)
    with pytest.raises(InvalidInputError, match="unknown option"):
        tz.ocr(page, language="fr")


def test_to_dict_and_draw(page: Image.Image, page_result: OCRResult, tmp_path: Path) -> None:
    data = json.loads(json.dumps(page_result.to_dict()))
    assert data["text"] == page_result.text and len(data["lines"][0]["box"]) == 4
    picture = page_result.draw(page, tmp_path / "overlay.png")
    assert picture.size == (1800, 160) and (tmp_path / "overlay.png").is_file()
    reread = tz.ocr(picture.crop((900, 0, 1800, 160)), min_score=0.0)
    assert FIRST in reread.text  # the text written on the right half is legible again


def test_upside_down_line_with_orientation(single_line: Image.Image) -> None:
    flipped = single_line.rotate(180)
    assert tz.ocr(flipped, orientation=True).text == THIRD


def test_line_model_reads_a_crop_without_detection(single_line: Image.Image) -> None:
    result = tz.ocr(single_line, model="ppocrv6-small-line")
    assert result.text == THIRD
    assert result.lines[0].box == ((0, 0), (300, 0), (300, 56), (0, 56))
    with pytest.raises(InvalidInputError, match="min_score"):
        tz.ocr(single_line, model="ppocrv6-small-line", min_score=-1)


def make_pdf(pages: list[Image.Image]) -> bytes:
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=150)
    return buffer.getvalue()


def test_pdf_gives_one_result_per_page(page: Image.Image, single_line: Image.Image,
                                       tmp_path: Path) -> None:
    pdf = make_pdf([page, render([(SECOND, 40, 40)], size=(600, 140))])
    path = tmp_path / "two pages.pdf"
    path.write_bytes(pdf)
    for source in (pdf, path, str(path)):
        doc = tz.ocr(source)
        assert isinstance(doc, OCRDocument) and len(doc) == 2
        assert chars(doc[0].text) == chars(f"{FIRST} {SECOND} {THIRD}")
        assert doc[1].text == SECOND and [p.page for p in doc] == [0, 1]
        assert doc.text == f"{doc[0].text}\f{doc[1].text}"
        assert abs(doc[0].width - 900) <= 2  # a 150-dpi image rendered at 150 dpi
    hires = tz.ocr(pdf, dpi=300)
    assert abs(hires[0].width - 1800) <= 3 and hires[1].text == SECOND
    drawn = hires[1].draw(path)  # the PDF's second page, rendered at the size it was read
    assert drawn.size == (2 * hires[1].width, hires[1].height)
    assert drawn.crop((0, 0, hires[1].width, hires[1].height)).convert("L").getextrema()[0] < 50
    mixed = tz.ocr([single_line, pdf])
    assert isinstance(mixed[0], OCRResult) and isinstance(mixed[1], OCRDocument)


def test_no_download_is_ever_attempted(monkeypatch, single_line: Image.Image) -> None:
    from rapidocr.utils import download_file

    def refuse(*args, **kwargs):
        raise AssertionError("rapidocr tried to download something")

    monkeypatch.setattr(download_file.DownloadFile, "run", classmethod(refuse))
    pipe = tz.load("ocr", orientation=True)
    assert pipe(single_line).text == THIRD
