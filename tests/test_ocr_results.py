"""OCR result types without a model: reading order, filtering, dicts, documents, drawing."""

from __future__ import annotations

import json

import pytest

from taskzoo.results.ocr import OCRDocument, OCRResult, TextLine, reading_order


def line(text: str, x: float, y: float, w: float = 100, h: float = 20, score: float = 0.9,
         tilt: float = 0.0) -> TextLine:
    """A line whose box starts at (x, y); ``tilt`` lowers its right end by that many pixels."""
    return TextLine(text, ((x, y), (x + w, y + tilt), (x + w, y + h + tilt), (x, y + h)), score)


def test_rows_top_to_bottom_and_left_to_right() -> None:
    lines = [line("world", 200, 12), line("second", 0, 60), line("hello", 0, 10)]
    result = OCRResult.from_lines(lines, 400, 100)
    assert result.text == "hello world\nsecond"
    assert [ln.text for ln in result.lines] == ["hello", "world", "second"]


def test_slightly_tilted_and_taller_neighbours_stay_on_their_row() -> None:
    lines = [line("b", 150, 14, h=26, tilt=3), line("a", 0, 10), line("c", 300, 8, h=18),
             line("next", 0, 45)]
    rows = reading_order(lines)
    assert [[ln.text for ln in row] for row in rows] == [["a", "b", "c"], ["next"]]


def test_lines_that_barely_overlap_are_separate_rows() -> None:
    rows = reading_order([line("upper", 100, 0, h=20), line("lower", 0, 16, h=20)])
    assert [[ln.text for ln in row] for row in rows] == [["upper"], ["lower"]]


def test_filter_drops_weak_lines_and_rebuilds_text() -> None:
    result = OCRResult.from_lines([line("sure", 0, 0, score=0.95), line("maybe", 0, 40,
                                                                        score=0.4)], 200, 80)
    kept = result.filter(0.5)
    assert kept.text == "sure" and len(kept) == 1 and len(result) == 2
    assert result.filter(0.0).text == "sure\nmaybe"


def test_empty_result() -> None:
    result = OCRResult.from_lines([], 50, 40)
    assert result.text == "" and result.lines == [] and (result.width, result.height) == (50, 40)


def test_to_dict_is_plain_json() -> None:
    result = OCRResult.from_lines([line("hi", 1, 2)], 100, 50)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["text"] == "hi" and data["width"] == 100 and data["page"] == 0
    assert data["lines"][0] == {"text": "hi", "box": [[1, 2], [101, 2], [101, 22], [1, 22]],
                                "score": 0.9}


def test_document_joins_pages_with_form_feed() -> None:
    pages = [OCRResult.from_lines([line("one", 0, 0)], 10, 10, page=0),
             OCRResult.from_lines([line("two", 0, 0)], 10, 10, page=1)]
    doc = OCRDocument(pages)
    assert doc.text == "one\ftwo" and len(doc) == 2 and doc[1].page == 1
    assert [p.text for p in doc] == ["one", "two"]
    assert [ln.text for ln in doc.lines] == ["one", "two"]
    data = json.loads(json.dumps(doc.to_dict()))
    assert data["text"] == "one\ftwo" and [p["page"] for p in data["pages"]] == [0, 1]


def test_draw_without_image_makes_a_blank_page_with_boxes(tmp_path) -> None:
    result = OCRResult.from_lines([line("hello", 10, 10, w=120, h=30)], 200, 60)
    out = tmp_path / "drawn.png"
    picture = result.draw(path=out)
    assert picture.size == (400, 60) and out.is_file()
    assert picture.getpixel((10, 25))[0] > 150 and picture.getpixel((10, 25))[1] < 100  # red box
    assert picture.getpixel((5, 5)) == (255, 255, 255)
    right_half = picture.crop((200, 0, 400, 60)).convert("L")
    assert min(right_half.getdata()) < 60  # the text was written in the right half
    overlay = result.draw(side_by_side=False)
    assert overlay.size == (200, 60)


def test_draw_on_the_image_it_was_given() -> None:
    from PIL import Image

    image = Image.new("RGB", (200, 60), (0, 0, 255))
    picture = OCRResult.from_lines([line("x", 10, 10)], 200, 60).draw(image)
    assert picture.getpixel((150, 50)) == (0, 0, 255)
    assert image.getpixel((10, 10)) == (0, 0, 255)  # the caller's image is untouched


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_filter_threshold_bounds_are_the_callers_business(bad: float) -> None:
    result = OCRResult.from_lines([line("a", 0, 0, score=0.5)], 10, 10)
    assert len(result.filter(bad)) == (1 if bad < 0 else 0)
