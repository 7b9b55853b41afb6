"""The base class of all results: frozen dataclasses that turn themselves into plain dicts."""

from __future__ import annotations

import dataclasses
from typing import Any


def _plain(value: Any) -> Any:
    """Convert dataclasses, tuples and numpy scalars/arrays into JSON-friendly Python values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "tolist"):  # numpy array or scalar, without importing numpy
        return value.tolist()
    return value


@dataclasses.dataclass(frozen=True)
class Result:
    """Base of every result dataclass."""

    def to_dict(self) -> dict[str, Any]:
        """Return the result as a dict of plain Python values (JSON-serialisable)."""
        out = _plain(self)
        assert isinstance(out, dict)
        return out
