"""The folder an entity model trained by ``taskzoo.train("ner", ...)`` lives in.

Shared by the training side (which writes it) and the spaCy backend (which serves it), so that
inference never imports :mod:`taskzoo.training`. Layout::

    <dir>/card.json     format, task, method, labels (new and kept), base model, metrics on the
                        held-out parts, training settings, and the sha256 of every other file
    <dir>/spacy/        method "spacy": the spaCy pipeline (``config.cfg``, ``meta.json``, ...)
    <dir>/head.safetensors  method "minilm": the token classifier (``weight`` tags × hidden,
                        ``bias``) over MiniLM token vectors; the card's ``tags`` name its rows
    <dir>/encoder/      method "minilm", modes "lora"/"full": the fine-tuned encoder as an ONNX
                        encoder folder (:mod:`taskzoo.backends.onnx_encoder`); mode "head" has
                        none and reads the shared base encoder named in the card's ``encoder``

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
HEAD_FILE, ENCODER_DIR = "head.safetensors", "encoder"
BACKENDS = {
    "spacy": "taskzoo.backends.spacy:SpacyNER",
    "minilm": "taskzoo.backends.onnx_tagger:OnnxTokenTagger",
}
#: the card's first keys, in this order (the rest follow)
CARD_ORDER = ("task", "method", "labels", "new_labels", "base_model", "keep_base_labels",
              "inference", "metrics")
REQUIRES = {"spacy": ("spacy",), "minilm": ("onnxruntime", "tokenizers", "safetensors")}


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
