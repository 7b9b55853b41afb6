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

from pathlib import Path
from typing import Any

from taskzoo.formats import cards
from taskzoo.formats.cards import CARD_FILE  # noqa: F401  (part of the format)

FORMAT = "taskzoo-ner"
VERSION = 1
PIPELINE_DIR = "spacy"


def is_ner_folder(path: Path) -> bool:
    """True if ``path`` is a folder holding a complete taskzoo NER ``card.json``."""
    return cards.is_card_dir(path, FORMAT)


def read_card(path: Path) -> dict[str, Any]:
    """The parsed ``card.json`` of an NER folder; ModelLoadError if it is not one."""
    return cards.read_card(path, FORMAT)


def verify(path: Path) -> dict[str, Any]:
    """Read the card, check every listed file's sha256, and return the card."""
    return cards.verify_files(path, read_card(path))


def write_card(path: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Hash every file under ``path`` into the card, write ``card.json``, return the card."""
    return cards.write_card(path, FORMAT, VERSION, meta)
