"""The keys of the measured numbers: each :class:`Number` maps a key pattern to its source, how
to get the value out of it, and its format; ``numbers_*`` modules hold the keys of each area.

A pattern is a dotted key whose ``{name}`` parts match one dot-free word (a model, a split, a
condition) passed to ``value`` by name: ``sentiment.{model}.{split}`` matches
``sentiment.minilm-lora-rt.rt``. The first pattern that matches a key wins, so a module lists a
specific pattern before a general one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from docgen.formats import FORMATS, Format
from docgen.sources import SourceError


class UnknownKey(LookupError):
    """A marker names a key no pattern matches, or a format that does not exist."""


@dataclass(frozen=True)
class Number:
    """Key ``pattern`` → ``value(**parts)`` from ``source``, written with ``fmt``."""

    pattern: str
    value: Callable[..., Any]
    fmt: Format
    source: str
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = re.split(r"\{(\w+)\}", self.pattern)
        regex = "".join(re.escape(p) if i % 2 == 0 else rf"(?P<{p}>[\w+-]+)"
                        for i, p in enumerate(parts))
        object.__setattr__(self, "_regex", re.compile(regex + r"\Z"))

    def match(self, key: str) -> dict[str, str] | None:
        """The named parts of ``key`` when this pattern matches it."""
        found = self._regex.match(key)
        return found.groupdict() if found else None


@cache
def numbers() -> tuple[Number, ...]:
    """Every key pattern, in lookup order."""
    from docgen import numbers_media, numbers_runtime, numbers_text

    return (*numbers_text.NUMBERS, *numbers_media.NUMBERS, *numbers_runtime.NUMBERS)


def lookup(key: str) -> tuple[Number, dict[str, str]]:
    """The pattern matching ``key`` and its parts; :class:`UnknownKey` when none does."""
    for number in numbers():
        parts = number.match(key)
        if parts is not None:
            return number, parts
    raise UnknownKey(f"no key pattern in scripts/docgen matches {key!r}")


def value(key: str) -> Any:
    """The raw value of ``key`` from its source."""
    number, parts = lookup(key)
    try:
        return number.value(**parts)
    except (LookupError, StopIteration, TypeError, ValueError) as exc:
        raise SourceError(f"{key}: {exc} (source: {number.source})") from None


def text(key: str, fmt: str | None = None) -> str:
    """``key``'s value written with its format, or with ``FORMATS[fmt]`` when given."""
    number, _ = lookup(key)
    if fmt is not None and fmt not in FORMATS:
        raise UnknownKey(f"{key}: no format {fmt!r} (known: {', '.join(FORMATS)})")
    return (FORMATS[fmt] if fmt else number.fmt)(value(key))
