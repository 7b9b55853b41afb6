"""Results of OCR: text lines with their boxes, the page they make up, and multi-page documents.

* :class:`TextLine` — one line: its text, its four corners in original pixel coordinates and the
  recogniser's confidence.
* :class:`OCRResult` — one image (or one PDF page): lines in reading order and their text joined.
  :meth:`OCRResult.from_lines` puts lines in reading order (top to bottom; lines on the same row,
  left to right, joined by a space); :meth:`OCRResult.filter` drops weak lines;
  :meth:`OCRResult.draw` renders the boxes and text over the image (or a blank page).
* :class:`OCRDocument` — what a PDF gives: one :class:`OCRResult` per page, in page order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.results.base import Result

if TYPE_CHECKING:
    from PIL import Image

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]

#: Two lines are on the same row when their vertical overlap is at least this share of the
#: shorter line's height.
SAME_ROW_OVERLAP = 0.5

#: Fonts tried, in order, to write recognised text in :meth:`OCRResult.draw` (Debian packages
#: fonts-dejavu-core, fonts-liberation, fonts-freefont-ttf). Pillow's built-in font is the fallback;
#: nothing is ever downloaded.
DRAW_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


@dataclass(frozen=True)
class TextLine(Result):
    """One line of text; ``box`` is its four corners (x, y) in original pixel coordinates,
    clockwise from top-left; ``score`` is the recogniser's confidence in [0, 1]."""

    text: str
    box: Quad
    score: float

    @property
    def top(self) -> float:
        """Smallest y of the box."""
        return min(y for _, y in self.box)

    @property
    def bottom(self) -> float:
        """Largest y of the box."""
        return max(y for _, y in self.box)

    @property
    def left(self) -> float:
        """Smallest x of the box."""
        return min(x for x, _ in self.box)

    @property
    def right(self) -> float:
        """Largest x of the box."""
        return max(x for x, _ in self.box)


@dataclass(frozen=True)
class OCRResult(Result):
    """All text found in one image (or one PDF page) of ``width`` × ``height`` pixels.

    ``lines`` are in reading order; ``text`` joins them: lines on one row with a space, rows with
    a newline. ``page`` is the 0-based page index for PDF pages (0 for an image).
    """

    text: str
    lines: list[TextLine] = field(default_factory=list)
    width: int = 0
    height: int = 0
    page: int = 0

    @classmethod
    def from_lines(
        cls, lines: Iterable[TextLine], width: int, height: int, page: int = 0
    ) -> OCRResult:
        """Build a result from lines in any order: sorts them into reading order, joins text."""
        rows = reading_order(list(lines))
        text = "\n".join(" ".join(line.text for line in row) for row in rows)
        return cls(text, [line for row in rows for line in row], width, height, page)

    def filter(self, min_score: float) -> OCRResult:
        """A copy without the lines whose score is below ``min_score``."""
        kept = [line for line in self.lines if line.score >= min_score]
        return OCRResult.from_lines(kept, self.width, self.height, self.page)

    def __len__(self) -> int:
        return len(self.lines)

    def draw(
        self,
        image: Any = None,
        path: str | Path | None = None,
        *,
        font_path: str | Path | None = None,
        color: tuple[int, int, int] = (220, 30, 30),
        side_by_side: bool = True,
    ) -> Image.Image:
        """Draw the line boxes and their text; return the picture (and save it to ``path``).

        ``image`` is the picture that was read (anything ``taskzoo.ocr`` accepts: a path, bytes,
        PIL image or array; for a PDF page, the PDF: its page ``self.page`` is rendered at this
        result's size); without it the boxes are drawn on a blank page of the original size.
        With ``side_by_side`` (the default) the recognised text is written on a blank copy to the
        right of the image, each line in its box, as RapidOCR and PaddleOCR do; otherwise the text
        is written just above each box on the image itself.
        """
        from PIL import Image, ImageDraw

        base = _base_image(image, self.width, self.height, self.page)
        if side_by_side:
            canvas = Image.new("RGB", (base.width * 2, base.height), "white")
            canvas.paste(base, (0, 0))
        else:
            canvas = base.copy()
        pen = ImageDraw.Draw(canvas)
        offset = base.width if side_by_side else 0
        for line in self.lines:
            points = [(float(x), float(y)) for x, y in line.box]
            pen.polygon(points, outline=color, width=max(1, base.width // 500))
            height = max(8.0, line.bottom - line.top)
            if side_by_side:
                pen.polygon([(x + offset, y) for x, y in points], outline=(160, 160, 160))
                font = _fitted_font(font_path, line.text, height * 0.75, line.right - line.left)
                pen.text((line.left + offset + 2, line.top + height * 0.1), line.text,
                         fill=(0, 0, 0), font=font)
            else:
                font = _font(font_path, max(10, int(height * 0.5)))
                pen.text((line.left, max(0.0, line.top - height * 0.55)), line.text,
                         fill=color, font=font)
        if path is not None:
            canvas.save(path)
        return canvas


@dataclass(frozen=True)
class OCRDocument(Result):
    """What OCR of a PDF returns: one :class:`OCRResult` per page, in page order.

    ``text`` joins the pages' text with a form feed (``"\\f"``), as ``pdftotext`` does; index or
    iterate it to get the pages.
    """

    pages: list[OCRResult] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Every page's text, pages separated by a form feed."""
        return "\f".join(page.text for page in self.pages)

    @property
    def lines(self) -> list[TextLine]:
        """Every page's lines, in page then reading order."""
        return [line for page in self.pages for line in page.lines]

    def __len__(self) -> int:
        return len(self.pages)

    def __iter__(self) -> Iterator[OCRResult]:
        return iter(self.pages)

    def __getitem__(self, index: int) -> OCRResult:
        return self.pages[index]

    def to_dict(self) -> dict[str, Any]:
        """The document as plain values: its pages and the joined text."""
        return {"text": self.text, "pages": [page.to_dict() for page in self.pages]}


def reading_order(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    """Group lines into rows, top to bottom, each row's lines left to right.

    A line joins the current row when it overlaps the row vertically by at least
    :data:`SAME_ROW_OVERLAP` of the shorter height, so a slightly tilted or taller neighbour on
    the same baseline stays on the row; anything else starts a new row.
    """
    rows: list[list[TextLine]] = []
    spans: list[tuple[float, float]] = []
    for line in sorted(lines, key=lambda item: ((item.top + item.bottom) / 2, item.left)):
        top, bottom = line.top, line.bottom
        if spans:
            row_top, row_bottom = spans[-1]
            overlap = min(bottom, row_bottom) - max(top, row_top)
            shorter = max(min(bottom - top, row_bottom - row_top), 1e-6)
            if overlap / shorter >= SAME_ROW_OVERLAP:
                rows[-1].append(line)
                spans[-1] = (min(top, row_top), max(bottom, row_bottom))
                continue
        rows.append([line])
        spans.append((top, bottom))
    return [sorted(row, key=lambda item: item.left) for row in rows]


def _base_image(image: Any, width: int, height: int, page: int) -> Image.Image:
    """The picture to draw on: the given image (a PDF's page ``page``), else a blank page."""
    from PIL import Image

    if image is None:
        return Image.new("RGB", (max(width, 1), max(height, 1)), "white")
    from taskzoo.inputs.document import DEFAULT_DPI, PdfPages, prepare_document

    prepared = prepare_document(image)
    if not isinstance(prepared, PdfPages):
        return prepared.copy()
    picture = prepared.render(page)
    if width and picture.width != width:  # read at another dpi: render at the same size
        picture = prepared.render(page, DEFAULT_DPI * width / picture.width)
        if picture.size != (width, height):
            picture = picture.resize((width, height))
    return picture


def _fitted_font(font_path: str | Path | None, text: str, height: float, width: float) -> Any:
    """The largest font up to ``height`` pixels in which ``text`` fits in ``width`` pixels."""
    font = _font(font_path, int(height))
    length = font.getlength(text) if hasattr(font, "getlength") else 0.0
    if length > width > 0:
        font = _font(font_path, int(height * width / length))
    return font


def _font(font_path: str | Path | None, size: int) -> Any:
    from PIL import ImageFont

    size = max(size, 6)
    candidates = [str(font_path)] if font_path else []
    for candidate in (*candidates, *DRAW_FONTS):
        if Path(candidate).is_file():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    try:
        return ImageFont.load_default(size)
    except TypeError:  # Pillow < 10.1 has no sized default font
        return ImageFont.load_default()
