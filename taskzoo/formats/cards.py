"""The ``card.json`` that every model folder taskzoo writes carries: a format name, a version,
the model's metadata, and the sha256 of every other file, checked on load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from taskzoo.errors import ModelLoadError
from taskzoo.weights import sha256_of

CARD_FILE = "card.json"


def is_card_dir(path: Path, fmt: str) -> bool:
    """True if ``path`` holds a *complete* ``card.json`` of format ``fmt``."""
    card = Path(path) / CARD_FILE
    if not card.is_file():
        return False
    try:
        meta = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(meta, dict) and meta.get("format") == fmt
            and meta.get("complete", True) is not False)


def read_card(path: Path, fmt: str) -> dict[str, Any]:
    """The parsed ``card.json`` of format ``fmt``; ModelLoadError if it is not one."""
    try:
        meta = json.loads((Path(path) / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"{path} has no readable {CARD_FILE}: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != fmt:
        raise ModelLoadError(f"{Path(path) / CARD_FILE} is not a {fmt} card")
    return meta


def verify_files(path: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Check every file the card lists against its sha256; return the card."""
    for name, digest in meta.get("files", {}).items():
        file = Path(path) / name
        if not file.is_file():
            raise ModelLoadError(f"{path} is incomplete: {name} is missing. Retrain or re-copy it.")
        if sha256_of(file) != digest:
            raise ModelLoadError(
                f"{file} is corrupt (it does not match the sha256 in {CARD_FILE}): the folder "
                "was changed or damaged. Retrain or re-copy it."
            )
    return meta


def write_card(path: Path, fmt: str, version: int, meta: dict[str, Any],
               complete: bool = True) -> dict[str, Any]:
    """Hash every file under ``path`` into the card and write ``card.json``; return the card.
    ``complete=False`` marks an interim card that :func:`is_card_dir` does not accept."""
    path = Path(path)
    files = {
        f.relative_to(path).as_posix(): sha256_of(f)
        for f in sorted(path.rglob("*"))
        if f.is_file() and f.name != CARD_FILE
    }
    full = {"format": fmt, "version": version, **meta, "files": files}
    if not complete:
        full["complete"] = False
    (path / CARD_FILE).write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
    return full
