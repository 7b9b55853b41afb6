"""Inline markers in a Markdown page: ``<!--m:KEY-->text<!--/m-->``, or ``<!--m:KEY|FMT-->``
to write the value in another of :data:`docgen.formats.FORMATS`.

The comments are invisible on GitHub. A marker must not begin a line: CommonMark reads a line
that starts with ``<!--`` as the start of an HTML block, which would cut the paragraph there.
Markers inside fenced code blocks are not markers (code is checked by scripts/docs_snippets.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docgen import registry

MARKER = re.compile(r"<!--\s*m:(?P<key>[^\s|>]+)(?:\|(?P<fmt>\w+))?\s*-->"
                    r"(?P<text>[^<\n]*)<!--\s*/m\s*-->")
_OPENING = re.compile(r"<!--\s*m:")
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)


@dataclass(frozen=True)
class Marker:
    """One inline marker of a page: where it is, its key, and the text it holds."""

    line: int
    key: str
    fmt: str | None
    text: str
    start: int
    end: int


def fences(text: str) -> list[tuple[int, int]]:
    """The character spans of the fenced code blocks of ``text``."""
    return [m.span() for m in _FENCE.finditer(text)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def markers(text: str) -> Iterator[Marker]:
    """The markers of a page outside code blocks, in order."""
    code = fences(text)
    for m in MARKER.finditer(text):
        if not _inside(m.start(), code):
            yield Marker(text.count("\n", 0, m.start()) + 1, m["key"], m["fmt"], m["text"],
                         m.start(), m.end())


def render(text: str) -> str:
    """``text`` with the text of every marker rewritten from the marker's source."""
    out, last = [], 0
    for marker in markers(text):
        out.append(text[last:marker.start])
        opening = text[marker.start:marker.end].split("-->", 1)[0] + "-->"
        out.append(f"{opening}{registry.text(marker.key, marker.fmt)}<!--/m-->")
        last = marker.end
    return "".join(out) + text[last:]


def problems(text: str) -> list[str]:
    """What is wrong with the markers of a page: an opening tag without a well-formed marker
    (unclosed, or wrapping a line break or a tag), a marker at the start of a line, a marker
    inside a code block, a key or format the registry does not know."""
    found = []
    code = fences(text)
    whole = {m.start() for m in MARKER.finditer(text)}
    for m in _OPENING.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if _inside(m.start(), code):
            found.append(f"line {line}: a marker inside a code block")
        elif m.start() not in whole:
            found.append(f"line {line}: a marker that is not closed on its line by <!--/m-->")
        elif text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip() == "":
            found.append(f"line {line}: a marker begins the line (CommonMark would start an "
                         "HTML block there): move a word before it")
    for marker in markers(text):
        try:
            registry.text(marker.key, marker.fmt)
        except (registry.UnknownKey, registry.SourceError) as exc:
            found.append(f"line {marker.line}: {exc}")
    return found
