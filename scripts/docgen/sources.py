"""Reading the files that hold the measurements: JSON written by the scripts that measured
(``tasks/*/results``, ``benchmarks/results``, ``docs/evaluation``), the Markdown tables a few
programs wrote instead of JSON, taskzoo's model cards, and the sizes of shipped files.

Every reader is cached per process and takes paths relative to the repository root.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from gen_readme_tables import measured, read_json, sentiment, size_bytes, spam

ROOT = Path(__file__).resolve().parents[2]
__all__ = ["SourceError", "card", "card_metric", "dig", "load", "md_cell", "md_tables", "row",
           "sentiment", "size_bytes", "spam"]


class SourceError(LookupError):
    """A value a key points to is not in its source (a missing file, row or field)."""


def load(relative: str) -> Any:
    """The parsed JSON file at ``relative`` (cached)."""
    if not (ROOT / relative).is_file():
        raise SourceError(f"{relative} does not exist")
    return read_json(relative)


def dig(data: Any, *path: str | int) -> Any:
    """``data[path[0]][path[1]]...``, with a :class:`SourceError` naming the missing step."""
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            raise SourceError(f"no {step!r} (path {list(path)})") from None
    return data


def row(files: str, value: str, field: str = "model") -> dict[str, Any]:
    """The first row whose ``field`` is ``value`` in the JSON lists of ``files`` (paths joined
    by ``+``, searched in order)."""
    for relative in files.split("+"):
        load(relative)  # a missing file is a SourceError naming it
    try:
        return dict(measured(files, value, field))
    except StopIteration:
        raise SourceError(f"no row with {field}={value!r} in {files}") from None


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@cache
def md_tables(relative: str) -> list[dict[str, dict[str, str]]]:
    """The Markdown tables of a file a program wrote (``taskzoo eval`` reports, build logs):
    one dict per table, from the first word of each row's first cell to ``{column: cell}``."""
    path = ROOT / relative
    if not path.is_file():
        raise SourceError(f"{relative} does not exist")
    tables: list[dict[str, dict[str, str]]] = []
    head: list[str] | None = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.startswith("|"):
            head = None
            continue
        cells = [c.strip() for c in _CELL_SPLIT.split(line.strip().strip("|"))]
        if head is None:
            head = cells
            tables.append({})
        elif not set("".join(cells)) <= set("-: "):
            tables[-1][cells[0].split()[0]] = dict(zip(head, cells, strict=False))
    return tables


def md_cell(relative: str, first: str, column: str) -> str:
    """The cell of the first column whose name starts with ``column``, in the row starting with
    ``first``, of any table in ``relative``."""
    for table in md_tables(relative):
        for name, cell in table.get(first, {}).items():
            if name.startswith(column):
                return cell
    raise SourceError(f"no row {first!r} with a column {column!r} in {relative}")


def card(task: str, model: str) -> Any:
    """taskzoo's ModelCard of ``model`` (the registry that docs/models.md is generated from)."""
    from taskzoo.registry import REGISTRY

    for candidate in REGISTRY.task(task).models:
        if candidate.name == model:
            return candidate
    raise SourceError(f"no model {model!r} in task {task!r}")


def card_metric(task: str, model: str, prefix: str) -> float:
    """The metric of ``model``'s card whose name starts with ``prefix``."""
    metrics = card(task, model).metrics
    found = [v for name, v in metrics.items() if name.startswith(prefix)]
    if len(found) != 1:
        raise SourceError(f"{len(found)} metrics of {model} start with {prefix!r}")
    value: float = found[0]
    return value
