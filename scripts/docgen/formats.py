"""How a measured value is written in the docs: each format turns a value (a number, or a
``(low, high)`` pair written as a range ``low–high``) into the text between a marker's tags.

A marker may name one of :data:`FORMATS` after a ``|`` to override its key's format
(``<!--m:sentiment.minilm-lora-rt.rt|f4-->0.8369<!--/m-->``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gen_readme_tables as _tables

Format = Callable[[Any], str]


def each(one: Callable[[float], str]) -> Format:
    """``one`` applied to a value, or to both ends of a ``(low, high)`` pair (``10–22``)."""
    def fmt(value: Any) -> str:
        if isinstance(value, tuple):
            low, high = (one(v) for v in value)
            return low if low == high else f"{low}–{high}"
        return one(value)
    fmt.__doc__ = one.__doc__
    return fmt


def fixed(digits: int) -> Format:
    """``digits`` decimals with thousands separators: ``0.837``, ``1,110``, ``24.3``."""
    return each(lambda v: f"{float(v):,.{digits}f}")


def percent(digits: int) -> Format:
    """A share in [0, 1] as a percentage number (the ``%`` stays in the prose): ``28.9``."""
    return each(lambda v: f"{100 * float(v):,.{digits}f}")


def signed(one: Callable[[float], str]) -> Format:
    """``one`` with a sign, ``+`` or a typographic minus: ``+7.5``, ``−0.2``."""
    return each(lambda v: ("+" if v >= 0 else "\u2212") + one(abs(v)))


def rate(value: Any) -> str:
    """A speed to two significant digits, with a tilde (the README tables' format): ``~25,000``,
    ``~150``, ``~8``; a range has one tilde: ``~50,000–60,000``."""
    return "~" + each(lambda v: _tables.rate(v).lstrip("~"))(value)


def _significant(value: float, digits: int = 3) -> str:
    if value == 0:
        return "0"
    text = f"{float(value):.{digits}g}"
    if "e" in text:
        text = f"{float(text):f}".rstrip("0").rstrip(".")
    number = float(text)
    return f"{number:,.0f}" if number >= 10 ** (digits - 1) else text


#: three significant digits, as the evaluation reports write them: ``826``, ``5.28``, ``0.0415``
sig3 = each(_significant)
#: two significant digits: ``5.3``, ``0.042``, ``830``
sig2 = each(lambda v: _significant(v, 2))


#: a byte count as ``23 MB``, ``1.9 MB`` or ``3 KB`` (the unit included; the README tables'
#: format)
megabytes = _tables.megabytes


def integer(value: Any) -> str:
    """A count with thousands separators: ``1,275``."""
    return f"{int(value):,}"


def raw(value: Any) -> str:
    """The value as its source wrote it (a cell of a report a program formatted)."""
    return str(value)


FORMATS: dict[str, Format] = {
    "f0": fixed(0), "f1": fixed(1), "f2": fixed(2), "f3": fixed(3), "f4": fixed(4),
    "pct0": percent(0), "pct1": percent(1), "pct2": percent(2),
    "spct0": signed(lambda v: f"{100 * v:.0f}"), "spct1": signed(lambda v: f"{100 * v:.1f}"),
    "s1": signed(lambda v: f"{v:.1f}"), "sf3": signed(lambda v: f"{v:.3f}"),
    "rate": rate, "sig2": sig2, "sig3": sig3, "int": integer, "raw": raw,
}
