"""Evaluation data: the task's held-out split, or the user's CSV / JSONL / folder, validated.

Every source becomes a list of :class:`Example` (``input``: a text or a file path; ``target``: the
gold answer) before any model runs, so bad data fails fast with a message naming the file, the
line and what to fix.

Where a task's held-out split is found (the *loader protocol*, first match wins):

1. ``tasks/<task>/evaluate.py`` defining ``heldout() -> list[dict]`` (records as below);
2. the first existing file of ``tasks/<task>/{test,heldout}.jsonl`` and
   ``tasks/<task>/data/{test,heldout}.jsonl``;
3. a reader in :mod:`taskzoo.evaluation.task_sets` over the task's own ``data.py``.

Record columns by task kind (see :data:`COLUMNS`): classification ``text`` + ``label``; NER
``text`` + ``entities`` (list of ``{"start", "end", "label"}``); OCR ``image`` + ``text``; ASR
``audio`` + ``text``; detection ``image`` + ``boxes`` (list of ``{"label", "x1", "y1", "x2",
"y2"}``). Relative file paths are resolved against the data file's folder. ``path`` or ``file``
may stand for ``image``/``audio``. Folders: ``<label>/*.txt`` for classification, or inputs with a
sidecar ``<stem>.txt`` (OCR/ASR transcript) / ``<stem>.json`` (detection boxes).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taskzoo.errors import InvalidInputError

#: kind -> (input column, target column)
COLUMNS: dict[str, tuple[str, str]] = {
    "classification": ("text", "label"),
    "ner": ("text", "entities"),
    "ocr": ("image", "text"),
    "asr": ("audio", "text"),
    "detection": ("image", "boxes"),
}
INPUT_ALIASES = ("path", "file")
MEDIA_SUFFIXES = {
    "ocr": {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pdf"},
    "detection": {".png", ".jpg", ".jpeg", ".bmp", ".webp"},
    "asr": {".wav", ".flac", ".mp3", ".ogg", ".m4a"},
}
SPLIT_FILES = ("test.jsonl", "heldout.jsonl", "data/test.jsonl", "data/heldout.jsonl")


class EvaluationDataError(InvalidInputError):
    """Evaluation data that cannot be used as given (the message says what to fix)."""


@dataclass(frozen=True)
class Example:
    """One evaluation item: the model input and the gold target."""

    input: Any
    target: Any


def tasks_root() -> Path:
    """The folder holding ``tasks/<task>/``: ``TASKZOO_TASKS_DIR``, else the checkout's ``tasks/``,
    else the recipes an installed wheel carries in ``taskzoo/_tasks/`` (see pyproject.toml)."""
    env = os.environ.get("TASKZOO_TASKS_DIR")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parents[1]
    checkout = package.parent / "tasks"
    return checkout if checkout.is_dir() else package / "_tasks"


def heldout(task: str, kind: str, labels: Sequence[str] = ()) -> tuple[list[Example], str]:
    """The task's held-out split (see the module docstring) and a description of its origin."""
    folder = tasks_root() / task
    hook = folder / "evaluate.py"
    if hook.is_file() and "def heldout(" in hook.read_text(encoding="utf-8"):
        module = _load_module(hook, f"taskzoo_tasks_{task}_evaluate")
        if hasattr(module, "heldout"):
            records = list(module.heldout())
            return validate(records, kind, labels, f"{hook}:heldout()", folder), f"{hook}"
    for name in SPLIT_FILES:
        path = folder / name
        if path.is_file():
            return load_file(path, kind, labels), str(path)
    from taskzoo.evaluation.task_sets import READERS

    reader = READERS.get(task)
    if reader is not None and (folder / "data.py").is_file():
        origin = f"{folder / 'data.py'} ({reader.__doc__ or ''})".replace("\n", " ")
        print(f"taskzoo: held-out data for {task}: {' '.join((reader.__doc__ or '').split())} "
              "(fetched and built once, then read from the cache)", file=sys.stderr, flush=True)
        return validate(reader(folder), kind, labels, origin, folder), origin
    raise EvaluationDataError(
        f"no held-out data for task {task!r}: expected tasks/{task}/evaluate.py with heldout() "
        f"or one of {', '.join(f'tasks/{task}/{n}' for n in SPLIT_FILES)} (run "
        f"tasks/{task}/data.py first if it has one), or pass your own data with --data FILE"
    )


def load_file(path: str | Path, kind: str, labels: Sequence[str] = ()) -> list[Example]:
    """Read and validate a user's CSV / JSONL / JSON file or folder of examples."""
    path = Path(path).expanduser()
    if not path.exists():
        raise EvaluationDataError(f"no data at {path}: check the path")
    if path.is_dir():
        records = _folder_records(path, kind)
        base = path
    else:
        suffix = path.suffix.lower()
        if suffix in {".jsonl", ".ndjson"}:
            records = _jsonl_records(path)
        elif suffix == ".json":
            records = _json_records(path)
        elif suffix in {".csv", ".tsv"}:
            records = _csv_records(path, "\t" if suffix == ".tsv" else ",")
        else:
            raise EvaluationDataError(
                f"{path}: unsupported data file type {suffix!r}; use .jsonl, .json, .csv, .tsv "
                "or a folder")
        base = path.parent
    return validate(records, kind, labels, str(path), base)


def _load_module(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise EvaluationDataError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _jsonl_records(path: Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationDataError(f"{path} line {number} is not valid JSON: {exc}") from exc
        if not isinstance(value, dict):
            raise EvaluationDataError(f"{path} line {number}: expected a JSON object per line")
        records.append(value)
    return records


def _json_records(path: Path) -> list[dict[str, Any]]:
    try:
        value = json.loads(path.read_text(encoding="utf-8") or "[]")
    except json.JSONDecodeError as exc:
        raise EvaluationDataError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise EvaluationDataError(f"{path}: expected a JSON list of objects")
    return value


def _csv_records(path: Path, delimiter: str) -> list[dict[str, Any]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    for row in rows:  # JSON-valued columns (entities, boxes) arrive as strings
        for key in ("entities", "boxes"):
            if isinstance(row.get(key), str):
                try:
                    row[key] = json.loads(row[key])
                except json.JSONDecodeError as exc:
                    raise EvaluationDataError(
                        f"{path}: column {key!r} must hold JSON, got {row[key][:60]!r}") from exc
    return rows


def _folder_records(path: Path, kind: str) -> list[dict[str, Any]]:
    if kind == "classification":
        return [{"text": f.read_text(encoding="utf-8"), "label": f.parent.name}
                for f in sorted(path.glob("*/*.txt"))]
    if kind not in MEDIA_SUFFIXES:
        raise EvaluationDataError(f"folders are not supported for {kind} data; use a .jsonl file")
    input_col, target_col = COLUMNS[kind]
    records = []
    for media in sorted(p for p in path.iterdir() if p.suffix.lower() in MEDIA_SUFFIXES[kind]):
        sidecar = media.with_suffix(".json" if kind == "detection" else ".txt")
        if not sidecar.is_file():
            raise EvaluationDataError(f"{media} has no {sidecar.name} beside it with its target")
        raw = sidecar.read_text(encoding="utf-8")
        records.append({input_col: str(media),
                        target_col: json.loads(raw) if kind == "detection" else raw.strip()})
    return records


def validate(records: list[dict[str, Any]], kind: str, labels: Sequence[str], origin: str,
             base: Path) -> list[Example]:
    """Check every record has the right columns and types; return Examples (paths resolved)."""
    if not records:
        raise EvaluationDataError(f"{origin} holds no examples: the data file is empty")
    input_col, target_col = COLUMNS[kind]
    examples = []
    for number, record in enumerate(records, 1):
        where = f"{origin} record {number}"
        value = record.get(input_col)
        if value is None and input_col != "text":
            value = next((record[a] for a in INPUT_ALIASES if record.get(a) is not None), None)
        if value is None or (target_col not in record):
            missing = input_col if value is None else target_col
            raise EvaluationDataError(
                f"{where} has no {missing!r} column (columns found: {', '.join(record) or 'none'}"
                f"); {kind} data needs the columns {input_col!r} and {target_col!r}")
        if not isinstance(value, str):
            raise EvaluationDataError(
                f"{where}: {input_col!r} must be a string, got {type(value).__name__} "
                f"({value!r:.40}); mixed types in one column are not allowed")
        if input_col != "text":
            value = str((base / value) if not Path(value).is_absolute() else Path(value))
            if not Path(value).exists():
                raise EvaluationDataError(f"{where}: file {value} does not exist")
        examples.append(Example(value, _target(record[target_col], kind, where)))
    if kind == "classification":
        _check_labels(examples, labels, origin)
    return examples


def _target(value: Any, kind: str, where: str) -> Any:
    if kind == "classification":
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise EvaluationDataError(f"{where}: label must be a string, got {value!r}")
        return value
    if kind in {"ocr", "asr"}:
        if not isinstance(value, str):
            raise EvaluationDataError(f"{where}: text must be a string, got {value!r:.40}")
        return value
    keys = ("start", "end", "label") if kind == "ner" else ("label", "x1", "y1", "x2", "y2")
    if not isinstance(value, list):
        raise EvaluationDataError(f"{where}: expected a list of objects with {', '.join(keys)}")
    for item in value:
        if not isinstance(item, dict) or any(k not in item for k in keys):
            raise EvaluationDataError(
                f"{where}: each item needs the keys {', '.join(keys)}, got {item!r:.80}")
    return value


def _check_labels(examples: list[Example], labels: Sequence[str], origin: str) -> None:
    types = {type(e.target).__name__ for e in examples}
    numeric = {isinstance(e.target, int) or str(e.target).strip().lstrip("-").isdigit()
               for e in examples}
    if len(types) > 1 or len(numeric) > 1:
        raise EvaluationDataError(
            f"{origin}: the label column mixes types (numbers and words); use one kind of label")
    found = {str(e.target) for e in examples}
    if labels:
        unknown = sorted(found - set(labels))
        if unknown:
            raise EvaluationDataError(
                f"{origin}: unknown label(s) {', '.join(map(repr, unknown[:10]))}; the models "
                f"of this task predict {', '.join(map(repr, labels))}")
