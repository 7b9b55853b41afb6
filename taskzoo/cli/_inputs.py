"""Expanding command-line inputs: literal text, files, folders, globs, ``-`` for stdin.

Each input becomes ``(name, value)``: the name is what the output reports (the text itself, a
file path, or ``<stdin>:LINE``); the value is what the pipeline gets (a text, or a path for
image/audio tasks). Inputs are produced lazily so a huge stdin stream is never held in memory.
A problem with one input (an unreadable file, a bad JSON line) is yielded as a :class:`Failed`
value, reported, and the rest go on.
"""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from taskzoo.errors import InvalidInputError

TEXT_KIND = "text"
MAGIC = ("*", "?", "[")
#: files holding one record per row: with ``--field`` each row is an input, else refused
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet", ".pq")


@dataclass(frozen=True)
class Failed:
    """An input that could not even be read; ``error`` says why."""

    error: InvalidInputError


def expand(args: list[str], kind: str, field: str | None = None,
           stdin: TextIO | None = None) -> Iterator[tuple[str, Any]]:
    """Yield ``(name, value)`` for every input the arguments stand for, in order."""
    for arg in args:
        if arg == "-":
            yield from from_stream(stdin or sys.stdin, field, kind)
            continue
        path = Path(arg).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            yield from (_file(p, kind) for p in files)
        elif path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
            yield from table_rows(path, field)
        elif path.is_file():
            yield _file(path, kind)
        elif any(m in arg for m in MAGIC) and (matches := sorted(glob.glob(arg, recursive=True))):
            yield from (_file(Path(m), kind) for m in matches if Path(m).is_file())
        elif kind == TEXT_KIND:
            yield arg, arg
        else:
            yield arg, Failed(InvalidInputError(
                f"no file {arg!r}: {kind} tasks take file paths, folders or globs"))


def from_stream(stream: TextIO, field: str | None,
                kind: str = TEXT_KIND) -> Iterator[tuple[str, Any]]:
    """One input per non-empty line; with ``field``, each line is a JSON object holding it.

    For image/audio/document tasks each value is a file path (``ls *.png | taskzoo run ocr -``),
    and the output names the file.
    """
    for number, line in enumerate(stream, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        name = f"<stdin>:{number}"
        if field is None:
            yield (name, line) if kind == TEXT_KIND else _file(Path(line.strip()), kind)
            continue
        try:
            record = json.loads(line)
            value = record[field]
        except json.JSONDecodeError as exc:
            yield name, Failed(InvalidInputError(f"not a JSON line ({exc.msg})"))
        except (KeyError, TypeError):
            yield name, Failed(InvalidInputError(f"the JSON line has no field {field!r}"))
        else:
            if kind != TEXT_KIND and isinstance(value, str):
                yield _file(Path(value), kind)
            else:
                yield name, value


def table_rows(path: Path, field: str | None) -> Iterator[tuple[str, Any]]:
    """``(FILE:ROW, value)`` for the ``field`` column of every row of a CSV/TSV, JSON Lines or
    Parquet file. Without ``field`` the file is refused: it is a table, not one input."""
    if field is None:
        raise InvalidInputError(
            f"{path} is a {path.suffix} table, not one input: pass --field COLUMN to run on that "
            f"column of every row, or --input {path} --output OUT to write a scored copy of it")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with open(path, encoding="utf-8") as handle:
            for name, value in from_stream(handle, field):
                yield name.replace("<stdin>", str(path)), value
        return
    if suffix in (".csv", ".tsv"):
        import csv

        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ",")
            _check_column(path, field, reader.fieldnames or [])
            for number, row in enumerate(reader, 2):  # line 1 is the header
                yield f"{path}:{number}", row[field]
        return
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        from taskzoo.errors import MissingDependencyError

        raise MissingDependencyError('reading Parquet needs pyarrow: pip install "taskzoo[ray]" '
                                     "(or pip install pyarrow)") from exc
    parquet = pq.ParquetFile(path)
    _check_column(path, field, parquet.schema_arrow.names)
    number = 0
    for batch in parquet.iter_batches(columns=[field]):
        for value in batch.column(0).to_pylist():
            number += 1
            yield f"{path}:{number}", value


def _check_column(path: Path, field: str, names: list[str]) -> None:
    if field not in names:
        raise InvalidInputError(f"{path} has no column {field!r}; its columns: "
                                f"{', '.join(names) or '(none)'}")


def _file(path: Path, kind: str) -> tuple[str, Any]:
    name = str(path)
    if kind != TEXT_KIND:
        return name, path
    try:
        return name, path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return name, Failed(InvalidInputError("not a UTF-8 text file"))
    except OSError as exc:
        return name, Failed(InvalidInputError(f"cannot read it ({exc.strerror})"))
