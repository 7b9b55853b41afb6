"""Turning task results (dataclasses, lists of them, numpy arrays) into plain JSON values.

Used by the command line (``--json``) and the HTTP server, so both print the same shapes that
``Result.to_dict()`` gives in Python.
"""

from __future__ import annotations

import json
import math
from typing import Any

from taskzoo.results.base import _plain


def to_jsonable(value: Any) -> Any:
    """``value`` as plain dicts/lists/str/numbers; non-finite floats become ``None``."""
    return _finite(_plain(value))


def dumps(value: Any) -> str:
    """Compact JSON text of ``value`` (after :func:`to_jsonable`), non-ASCII kept readable."""
    return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":"))


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value
