"""Labelled text data for training: coercion from the accepted forms, checks, splits, JSONL.

Accepted forms (see :func:`load_examples`): a list of ``(text, label)`` pairs, a pandas
DataFrame, or a path to a ``.csv``/``.tsv``/``.jsonl``/``.json`` file with a text and a label
column. Every problem is reported as :class:`~taskzoo.errors.InvalidInputError` *before* any
training starts.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from taskzoo.errors import InvalidInputError

TEXT_COLUMN, LABEL_COLUMN = "text", "label"
MIN_PER_CLASS = 2


def load_examples(
    data: Any, text_column: str = TEXT_COLUMN, label_column: str = LABEL_COLUMN
) -> tuple[list[str], list[str]]:
    """Return ``(texts, labels)`` from any accepted data form; labels become ``str``.

    Raises InvalidInputError for an unreadable file, a missing column, mismatched lengths,
    non-text texts, missing labels, no data or a single class.
    """
    if isinstance(data, (str, Path)):
        texts, labels = _from_file(Path(data), text_column, label_column)
    elif _is_dataframe(data):
        texts, labels = _from_columns(data, text_column, label_column, where="the DataFrame")
    elif isinstance(data, tuple) and len(data) == 2 and all(_is_sequence(d) for d in data):
        texts, labels = list(data[0]), list(data[1])
        if len(texts) != len(labels):
            raise InvalidInputError(
                f"got {len(texts)} texts but {len(labels)} labels: pass equally long lists"
            )
    elif _is_sequence(data):
        texts, labels = _from_pairs(data)
    else:
        raise InvalidInputError(
            "training data must be a list of (text, label) pairs, a pandas DataFrame, or a path "
            f"to a CSV/JSONL file; got {type(data).__name__}"
        )
    return check_examples(texts, labels)


def check_examples(texts: Sequence[Any], labels: Sequence[Any]) -> tuple[list[str], list[str]]:
    """Validate texts and labels; return them as lists of ``str``."""
    if len(texts) != len(labels):
        raise InvalidInputError(f"got {len(texts)} texts but {len(labels)} labels")
    if not texts:
        raise InvalidInputError(
            "the training data is empty: give at least two labelled texts per class"
        )
    out_texts: list[str] = []
    out_labels: list[str] = []
    for i, (text, label) in enumerate(zip(texts, labels, strict=False)):
        if not isinstance(text, str):
            raise InvalidInputError(f"row {i}: the text must be a str, got {type(text).__name__}")
        missing = label is None or (isinstance(label, float) and label != label)
        if missing or str(label).strip() == "":
            raise InvalidInputError(f"row {i}: missing label for text {text[:40]!r}")
        if not isinstance(label, (str, int, bool)) and not _is_numpy_scalar(label):
            raise InvalidInputError(
                f"row {i}: a label must be a str or an int, got {type(label).__name__}"
            )
        out_texts.append(text)
        out_labels.append(str(label).strip())
    if not any(t.strip() for t in out_texts):
        raise InvalidInputError("every training text is empty")
    counts = Counter(out_labels)
    if len(counts) < 2:
        raise InvalidInputError(
            f"the training data has one class only ({next(iter(counts))!r}): a classifier needs "
            "at least two labels"
        )
    rare = sorted(label for label, n in counts.items() if n < MIN_PER_CLASS)
    if rare:
        raise InvalidInputError(
            f"label(s) {', '.join(map(repr, rare))} have fewer than {MIN_PER_CLASS} examples: "
            "add examples or drop those rows"
        )
    return out_texts, out_labels


def stratified_split(
    labels: Sequence[str], fractions: Sequence[float], seed: int = 0
) -> list[list[int]]:
    """Split row indices into parts of the given fractions, class by class, reproducibly.

    Every class with at least ``len(fractions)`` rows appears in every part. Returned index lists
    are sorted within each part after a seeded shuffle, so the split is stable across runs.
    """
    if abs(sum(fractions) - 1.0) > 1e-6:
        raise InvalidInputError(f"split fractions must sum to 1, got {list(fractions)}")
    by_class: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_class[label].append(i)
    rng = random.Random(seed)
    parts: list[list[int]] = [[] for _ in fractions]
    for label in sorted(by_class):
        rows = by_class[label]
        rng.shuffle(rows)
        bounds = _bounds(len(rows), fractions)
        for part, (lo, hi) in zip(parts, bounds, strict=False):
            part.extend(rows[lo:hi])
    for part in parts:
        rng.shuffle(part)
    return parts


def _bounds(n: int, fractions: Sequence[float]) -> list[tuple[int, int]]:
    # Give each later part at least one row when possible; the first part takes the rest.
    sizes = [round(n * f) for f in fractions]
    for j in range(1, len(sizes)):
        if sizes[j] == 0 and n >= len(fractions):
            sizes[j] = 1
    sizes[0] = n - sum(sizes[1:])
    out, start = [], 0
    for size in sizes:
        out.append((start, start + size))
        start += size
    return out


def dedupe(texts: Sequence[str], labels: Sequence[str]) -> tuple[list[str], list[str]]:
    """Drop repeated texts (compared case- and whitespace-insensitively), keeping the first;
    texts that occur with conflicting labels are dropped entirely."""
    seen: dict[str, set[str]] = defaultdict(set)
    for text, label in zip(texts, labels, strict=False):
        seen[_key(text)].add(label)
    out_t, out_l, emitted = [], [], set()
    for text, label in zip(texts, labels, strict=False):
        key = _key(text)
        if len(seen[key]) > 1 or key in emitted or not key:
            continue
        emitted.add(key)
        out_t.append(text)
        out_l.append(label)
    return out_t, out_l


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write dicts as JSON lines (UTF-8); returns the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file into a list of dicts (blank lines skipped)."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InvalidInputError(f"{path}:{number}: not valid JSON ({exc})") from exc
    return rows


# -- the accepted forms ----------------------------------------------------------------------------
def _from_file(path: Path, text_column: str, label_column: str) -> tuple[list[Any], list[Any]]:
    if not path.is_file():
        raise InvalidInputError(f"no training data file at {path}: check the path")
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".json", ".ndjson"}:
        rows = read_jsonl(path)
        if any(not isinstance(r, dict) for r in rows):
            raise InvalidInputError(f"{path}: every line must be a JSON object")
        return _from_rows(rows, text_column, label_column, where=str(path))
    if suffix in {".csv", ".tsv"}:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ",")
            return _from_rows(list(reader), text_column, label_column, where=str(path),
                              columns=reader.fieldnames or [])
    raise InvalidInputError(
        f"unsupported training file type {suffix!r} ({path}): use .csv, .tsv or .jsonl"
    )


def _from_rows(
    rows: list[dict[str, Any]], text_column: str, label_column: str, where: str,
    columns: Sequence[str] | None = None,
) -> tuple[list[Any], list[Any]]:
    found = set(columns) if columns is not None else {k for r in rows for k in r}
    _need_columns(found, text_column, label_column, where)
    return [r.get(text_column) for r in rows], [r.get(label_column) for r in rows]


def _from_columns(
    frame: Any, text_column: str, label_column: str, where: str
) -> tuple[list[Any], list[Any]]:
    _need_columns(set(map(str, frame.columns)), text_column, label_column, where)
    return list(frame[text_column]), list(frame[label_column])


def _need_columns(found: set[str], text_column: str, label_column: str, where: str) -> None:
    missing = [c for c in (text_column, label_column) if c not in found]
    if missing:
        raise InvalidInputError(
            f"{where} has no column(s) {', '.join(map(repr, missing))}; found "
            f"{', '.join(sorted(map(repr, found))) or 'none'}. Name the columns with "
            "text_column= and label_column="
        )


def _from_pairs(data: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    texts, labels = [], []
    for i, row in enumerate(data):
        if isinstance(row, dict):
            row = (row.get(TEXT_COLUMN), row.get(LABEL_COLUMN))
        if not isinstance(row, (tuple, list)) or len(row) != 2:
            raise InvalidInputError(
                f"row {i}: expected a (text, label) pair, got {type(row).__name__} {row!r:.60}"
            )
        texts.append(row[0])
        labels.append(row[1])
    return texts, labels


def _is_dataframe(data: Any) -> bool:
    return type(data).__name__ == "DataFrame" and hasattr(data, "columns")


def _is_sequence(data: Any) -> bool:
    return isinstance(data, (list, tuple)) or type(data).__name__ in {"ndarray", "Series"}


def _is_numpy_scalar(value: Any) -> bool:
    return type(value).__module__ == "numpy"
