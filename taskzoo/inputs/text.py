"""Text inputs: validation, and splitting very long texts into pieces a model can take."""

from __future__ import annotations

from collections.abc import Iterator

from taskzoo.errors import InvalidInputError


def prepare_text(item: object) -> str:
    """Return ``item`` if it is a ``str``; otherwise raise InvalidInputError saying what to pass."""
    if isinstance(item, str):
        return item
    if isinstance(item, (bytes, bytearray)):
        raise InvalidInputError(
            "expected text as str, got bytes: decode it first, e.g. data.decode('utf-8')"
        )
    if isinstance(item, (list, tuple)):
        raise InvalidInputError(
            "expected a str or a flat list of str, got a nested list: flatten it first"
        )
    raise InvalidInputError(
        f"expected text as a str (or a list of str), got {type(item).__name__}: {item!r:.60}"
    )


def chunk_text(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """Split ``text`` into ``(offset, piece)`` with pieces of at most ``max_chars`` characters,
    cutting at a newline or space near the limit so words stay whole."""
    start = 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            if cut > start + max_chars // 2:
                end = cut + 1
        yield start, text[start:end]
        start = end
