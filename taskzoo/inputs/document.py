"""Document inputs: an image (anything :func:`~taskzoo.inputs.image.prepare_image` takes) or a PDF.

A PDF is recognised by its ``%PDF-`` header (a path or bytes), opened with pypdfium2 to check it
is readable, unencrypted and has pages, and handed to the backend as a :class:`PdfPages` that
renders one page at a time (so a long PDF never sits in memory as images). Everything else goes
through :func:`prepare_image` and comes back as an RGB ``PIL.Image`` (at least :data:`MIN_SIDE`
pixels on each side).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.errors import InvalidInputError, MissingDependencyError
from taskzoo.inputs import image as image_inputs
from taskzoo.inputs import refuse_url
from taskzoo.inputs.paths import existing_file

if TYPE_CHECKING:
    from PIL import Image

#: Default rendering resolution of PDF pages, in dots per inch.
DEFAULT_DPI = 150

#: Smallest width and height of an image worth reading (a 1×1 image is refused, not read).
MIN_SIDE = 8

PDF_MAGIC = b"%PDF-"

EXPECTED = f"a PDF or {image_inputs.EXPECTED}"


@dataclass(frozen=True)
class PdfPages:
    """A validated PDF: ``source`` is its path or its bytes; ``page_count`` ≥ 1."""

    source: str | bytes
    page_count: int
    name: str

    def render(self, index: int, dpi: float = DEFAULT_DPI) -> Image.Image:
        """Page ``index`` (0-based) as an RGB image at ``dpi``, scaled down if it would exceed
        the image pixel limit (``TASKZOO_MAX_PIXELS``)."""
        pdf = _open_pdf(self.source, self.name)
        try:
            page = pdf[index]
            width_pt, height_pt = page.get_size()
            scale = dpi / 72.0
            pixels = width_pt * height_pt * scale * scale
            if pixels > image_inputs.MAX_PIXELS:
                scale *= (image_inputs.MAX_PIXELS / pixels) ** 0.5
            bitmap = page.render(scale=scale)
            picture = bitmap.to_pil().convert("RGB")
            page.close()
            return picture
        finally:
            pdf.close()

    def images(self, dpi: float = DEFAULT_DPI) -> Iterator[Image.Image]:
        """Every page in order, rendered one at a time."""
        for index in range(self.page_count):
            yield self.render(index, dpi)


def prepare_document(item: Any) -> Image.Image | PdfPages:
    """An RGB ``PIL.Image`` for an image, a :class:`PdfPages` for a PDF; else InvalidInputError."""
    if isinstance(item, PdfPages):
        return item
    if isinstance(item, (str, Path)):
        refuse_url(item)
        path = existing_file(item, "image", EXPECTED)
        if _is_pdf_file(path) or path.suffix.lower() == ".pdf":
            return _prepare_pdf(str(path), name=str(path))
        item = path
    elif isinstance(item, (bytes, bytearray, memoryview)) and _has_pdf_magic(bytes(item[:1024])):
        return _prepare_pdf(bytes(item), name="the PDF bytes")
    image = image_inputs.prepare_image(item)
    if min(image.size) < MIN_SIDE:
        raise InvalidInputError(
            f"the image is {image.width}×{image.height} pixels, too small to hold readable "
            f"text: OCR needs at least {MIN_SIDE} pixels on each side"
        )
    return image


def _has_pdf_magic(head: bytes) -> bool:
    return PDF_MAGIC in head[:1024]


def _is_pdf_file(path: Path) -> bool:
    with open(path, "rb") as handle:
        return _has_pdf_magic(handle.read(1024))


def _prepare_pdf(source: str | bytes, name: str) -> PdfPages:
    if isinstance(source, str) and not _is_pdf_file(Path(source)):
        raise InvalidInputError(f"{name} is named .pdf but is not a PDF (no %PDF- header)")
    pdf = _open_pdf(source, name)
    try:
        count = len(pdf)
    finally:
        pdf.close()
    if count == 0:
        raise InvalidInputError(f"{name} is a PDF with no pages: there is nothing to read")
    return PdfPages(source=source, page_count=count, name=name)


def _open_pdf(source: str | bytes, name: str) -> Any:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise MissingDependencyError(
            'reading PDFs needs pypdfium2, which is not installed: pip install "taskzoo[ocr]"'
        ) from exc
    try:
        return pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        # PDFium's error code can be stale (it is global), so look at the file itself.
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        if b"/Encrypt" in data:
            raise InvalidInputError(
                f"{name} is password-protected: decrypt it first (e.g. `qpdf --decrypt "
                "--password=... in.pdf out.pdf`) and pass the decrypted file"
            ) from exc
        if re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Count\s+[1-9]", data):
            raise InvalidInputError(f"{name} is a PDF with no pages: there is nothing to read") \
                from exc
        raise InvalidInputError(f"{name} is not a readable PDF (corrupt or truncated)") from exc
