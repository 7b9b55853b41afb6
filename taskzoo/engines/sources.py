"""What a batch job reads: Parquet, CSV or JSON Lines files, a folder of files, a DataFrame or a
list of inputs, read the same way by both engines (Ray's readers, or pyarrow in-process).

A folder becomes one row per file with columns ``bytes`` and ``path`` (as Ray's
``read_binary_files(include_paths=True)`` gives them), files sorted by path; a corrupt file then
fails alone, as an error row, instead of failing the read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.errors import InvalidInputError

if TYPE_CHECKING:
    import pyarrow as pa

_IMAGES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")
_FILES = ("bytes", "path", "file", "filename")

#: file suffixes read from a folder, by input kind
FOLDER_SUFFIXES: dict[str, tuple[str, ...]] = {
    "text": (".txt", ".md"),
    "image": _IMAGES,
    "document": (*_IMAGES, ".pdf"),
    "audio": (".wav", ".flac", ".mp3", ".ogg", ".m4a", ".opus"),
}

#: column names tried, in order, when the caller names no input column
COLUMN_GUESSES: dict[str, tuple[str, ...]] = {
    "text": ("text", "sentence", "content", "review", "message", "body", "document"),
    "image": ("image", *_FILES),
    "document": ("document", "image", *_FILES),
    "audio": ("audio", *_FILES),
}

FILE_KINDS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "json",
              ".ndjson": "json", ".json": "json"}


@dataclass(frozen=True)
class Source:
    """A resolved input: ``kind`` is parquet, csv, json, folder, table or dataset."""

    kind: str
    path: Path | None = None
    files: tuple[str, ...] = ()
    data: Any = None

    def describe(self) -> str:
        """A short human description, for logs and reports."""
        if self.kind == "folder":
            return f"{len(self.files)} files in {self.path}"
        return str(self.path) if self.path else f"in-memory {self.kind}"


def open_source(source: Any, input_kind: str) -> Source:
    """Resolve what the user passed as ``source`` for a task taking ``input_kind`` inputs."""
    if type(source).__name__ == "Dataset" and hasattr(source, "map_batches"):
        return Source("dataset", data=source)
    if hasattr(source, "columns") and hasattr(source, "index"):  # pandas.DataFrame
        import pyarrow as pa

        return Source("table", data=pa.Table.from_pandas(source, preserve_index=False))
    if hasattr(source, "column_names") and hasattr(source, "schema"):  # pyarrow.Table
        return Source("table", data=source)
    if isinstance(source, (list, tuple)):
        import pyarrow as pa

        return Source("table", data=pa.table({input_kind: list(source)}))
    if not isinstance(source, (str, Path)):
        raise InvalidInputError(
            f"expected the input as a path (.parquet, .csv, .jsonl or a folder), a DataFrame, "
            f"a pyarrow.Table, a ray Dataset or a list, got {type(source).__name__}"
        )
    path = Path(source).expanduser()
    if path.is_dir():
        parquet = sorted(path.glob("*.parquet"))
        if parquet:  # a folder of Parquet files (as Ray writes them) is one dataset
            return Source("parquet", path=path, files=tuple(map(str, parquet)))
        suffixes = FOLDER_SUFFIXES.get(input_kind, ())
        files = tuple(str(p.resolve()) for p in sorted(path.rglob("*"))
                      if p.is_file() and p.suffix.lower() in suffixes)
        if not files:
            raise InvalidInputError(
                f"no {input_kind} files ({', '.join(suffixes)}) in the folder {path}"
            )
        return Source("folder", path=path, files=files)
    if not path.is_file():
        raise InvalidInputError(f"no file or folder at {str(path)!r}")
    kind = FILE_KINDS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInputError(
            f"cannot read {path.name}: expected .parquet, .csv, .jsonl (or a folder of files)"
        )
    return Source(kind, path=path, files=(str(path.resolve()),))


def guess_column(names: Sequence[str], input_kind: str) -> str:
    """The input column to use when the caller named none."""
    for name in COLUMN_GUESSES.get(input_kind, ()):
        if name in names:
            return name
    if len(names) == 1:
        return names[0]
    raise InvalidInputError(
        f"which column holds the {input_kind} inputs? The data has {list(names)}: "
        f"pass column=<name> (--column on the command line)"
    )


# -- in-process reading ---------------------------------------------------------------------------
def read_local(source: Source, chunk_rows: int) -> Iterator[pa.Table]:
    """The source as a stream of pyarrow tables of at most ``chunk_rows`` rows, in order."""
    import pyarrow as pa

    if source.kind == "table":
        yield from _slices(source.data, chunk_rows)
    elif source.kind == "parquet":
        import pyarrow.parquet as pq

        for file in source.files:
            for batch in pq.ParquetFile(file).iter_batches(batch_size=chunk_rows):
                yield pa.Table.from_batches([batch])
    elif source.kind in {"csv", "json"}:
        yield from _rechunk(_text_batches(source), chunk_rows)
    elif source.kind == "folder":
        for start in range(0, len(source.files), chunk_rows):
            paths = list(source.files[start:start + chunk_rows])
            yield pa.table({"bytes": pa.array([Path(p).read_bytes() for p in paths], pa.binary()),
                            "path": pa.array(paths, pa.string())})
    else:
        raise InvalidInputError(f"the local engine cannot read a {source.kind}; use engine='ray'")


def _text_batches(source: Source) -> Iterator[pa.RecordBatch]:
    """CSV / JSON Lines as a stream of record batches (never the whole file in memory)."""
    if source.kind == "csv":
        import pyarrow.csv as pcsv

        yield from pcsv.open_csv(str(source.path))
        return
    import pyarrow.json as pjson

    if hasattr(pjson, "open_json"):  # pyarrow >= 19
        yield from pjson.open_json(str(source.path))
    else:
        yield from pjson.read_json(str(source.path)).to_batches()


def _rechunk(batches: Iterator[pa.RecordBatch], rows: int) -> Iterator[pa.Table]:
    """Tables of exactly ``rows`` rows (the last one shorter) from batches of any size."""
    import pyarrow as pa

    pending: list[pa.RecordBatch] = []
    count = 0
    for batch in batches:
        pending.append(batch)
        count += batch.num_rows
        while count >= rows:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, rows)
            rest = table.slice(rows)
            pending, count = rest.to_batches(), rest.num_rows
    if count:
        yield pa.Table.from_batches(pending)


def _slices(table: pa.Table, rows: int) -> Iterator[pa.Table]:
    for start in range(0, table.num_rows, rows):
        yield table.slice(start, rows)


# -- Ray reading ----------------------------------------------------------------------------------
def read_ray(source: Source) -> Any:
    """The source as a ``ray.data.Dataset``, read with Ray's own readers."""
    import ray.data

    if source.kind == "dataset":
        return source.data
    if source.kind == "table":
        return ray.data.from_arrow(source.data)
    paths = list(source.files)
    readers = {
        "parquet": lambda: ray.data.read_parquet(paths),
        "csv": lambda: ray.data.read_csv(paths),
        "json": lambda: ray.data.read_json(paths, lines=True),
        "folder": lambda: ray.data.read_binary_files(paths, include_paths=True),
    }
    return readers[source.kind]()


def estimate_rows(source: Source) -> int | None:
    """The number of rows (exact for tables, folders and Parquet; a guess for CSV/JSON)."""
    if source.kind == "table":
        return int(source.data.num_rows)
    if source.kind == "folder":
        return len(source.files)
    if source.kind == "parquet":
        import pyarrow.parquet as pq

        return sum(pq.ParquetFile(f).metadata.num_rows for f in source.files)
    if source.kind in {"csv", "json"} and source.path is not None:
        return max(1, source.path.stat().st_size // 100)  # ~100 bytes a row: a rough guess
    return None
