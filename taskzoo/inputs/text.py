"""Text inputs: validation, and splitting very long texts into pieces a model can take.

The rule for text: any Python ``str`` is accepted. A ``str`` that is not valid Unicode text (it
holds lone surrogates, U+D800–U+DFFF, as ``json.loads('"\\ud800"')`` or bytes decoded with
``errors="surrogateescape"`` produce) has each such code point replaced by U+FFFD, the Unicode
replacement character, so every model receives text that encodes to UTF-8. Anything that is not a
``str`` is refused with :class:`~taskzoo.errors.InvalidInputError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from taskzoo.errors import InvalidInputError

#: What stands in for a code point that cannot be encoded (a lone surrogate).
REPLACEMENT = "\ufffd"

_SURROGATES = re.compile("[\ud800-\udfff]")


def prepare_text(item: object) -> str:
    """Return ``item`` as a plain ``str`` with lone surrogates replaced by U+FFFD; for anything
    else raise InvalidInputError saying what to pass."""
    if isinstance(item, str):
        return clean_text(item)
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


def clean_text(text: str) -> str:
    """``text`` as a plain ``str`` that encodes to UTF-8: lone surrogates become U+FFFD."""
    text = str.__str__(text)  # a str subclass becomes a plain str
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub(REPLACEMENT, text)
    return text


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
