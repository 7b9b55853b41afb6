"""Human output of the CLI: aligned tables, and one-line summaries of results chosen by the
result's shape (never by task name)."""

from __future__ import annotations

from typing import Any


def table(rows: list[tuple[str, ...]]) -> str:
    """Rows as text columns padded to their widest cell (the last column is left ragged)."""
    if not rows:
        return ""
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        .rstrip()
        for row in rows)


def summary(result: Any, width: int = 100) -> str:
    """A short, readable line for any result."""
    text = _summary(result)
    return text if len(text) <= width else text[: width - 1] + "…"


def _summary(result: Any) -> str:
    if hasattr(result, "shape") and hasattr(result, "tolist"):
        values = ", ".join(f"{v:.3f}" for v in result.ravel()[:4].tolist())
        return f"vector {tuple(result.shape)}: [{values}, …]"
    if isinstance(result, (list, tuple)):
        if not result:
            return "(none)"
        return ", ".join(_summary(item) for item in result)
    if hasattr(result, "boxes"):
        boxes = result.boxes
        found = ", ".join(f"{b.label} {b.score:.2f}" for b in boxes) or "nothing"
        return f"{len(boxes)} object(s): {found}"
    if hasattr(result, "start") and hasattr(result, "label") and hasattr(result, "text"):
        return f"{result.text} [{result.label}]"
    if hasattr(result, "label") and hasattr(result, "score"):
        return f"{result.label} ({result.score:.2f})"
    if hasattr(result, "text"):
        lines = [line for line in str(result.text).splitlines() if line.strip()]
        return " / ".join(lines) or "(empty)"
    return repr(result)
