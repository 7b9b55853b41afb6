"""The folder an entity model trained by ``taskzoo.train("ner", ...)`` lives in.

Shared by the training side (which writes it) and the spaCy backend (which serves it), so that
inference never imports :mod:`taskzoo.training`. Layout::

    <dir>/card.json     format, task, method, labels (new and kept), base model, metrics on the
                        held-out parts, training settings, and the sha256 of every other file
    <dir>/spacy/        the spaCy pipeline (``config.cfg``, ``meta.json``, ``ner/``, ...)

Loading checks every file against its sha256 first, so a half-copied or edited folder fails
with :class:`~taskzoo.errors.ModelLoadError` instead of giving silently different entities.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from taskzoo.errors import ModelLoadError
from taskzoo.weights import sha256_of

CARD_FILE = "card.json"
FORMAT = "taskzoo-ner"
VERSION = 1
PIPELINE_DIR = "spacy"


def is_ner_folder(path: Path) -> bool:
    """True if ``path`` is a folder holding a complete taskzoo NER ``card.json``."""
    card = Path(path) / CARD_FILE
    if not card.is_file():
        return False
    try:
        meta = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("format") == FORMAT


def read_card(path: Path) -> dict[str, Any]:
    """The parsed ``card.json`` of an NER folder; ModelLoadError if it is not one."""
    try:
        meta = json.loads((Path(path) / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"{path} has no readable {CARD_FILE}: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelLoadError(f"{Path(path) / CARD_FILE} is not a {FORMAT} card")
    return meta


def verify(path: Path) -> dict[str, Any]:
    """Read the card, check every listed file's sha256, and return the card."""
    path = Path(path)
    meta = read_card(path)
    for name, digest in meta.get("files", {}).items():
        file = path / name
        if not file.is_file():
            raise ModelLoadError(f"{path} is incomplete: {name} is missing. Retrain or re-copy it.")
        if sha256_of(file) != digest:
            raise ModelLoadError(
                f"{file} does not match the sha256 in {CARD_FILE}: the folder was changed or "
                "damaged. Retrain or re-copy it."
            )
    return meta


def write_card(path: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Hash every file under ``path`` into the card, write ``card.json``, return the card."""
    path = Path(path)
    files = {
        f.relative_to(path).as_posix(): sha256_of(f)
        for f in sorted(path.rglob("*"))
        if f.is_file() and f.name != CARD_FILE
    }
    full = {"format": FORMAT, "version": VERSION, **meta, "files": files}
    (path / CARD_FILE).write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
    return full
