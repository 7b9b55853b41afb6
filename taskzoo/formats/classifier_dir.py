"""Reading the folder a trained text classifier lives in (written by :func:`taskzoo.train`).

Layout::

    <dir>/card.json          format, method, task, labels, base model, options, metrics, files
    <dir>/model.ftz          (method "fasttext")
    <dir>/head.safetensors   (methods "static", "head" and "lora": the linear classifier)
    <dir>/adapter/...        (method "lora": the peft LoRA adapter, for training and torch)
    <dir>/encoder/...        (method "lora": the adapter merged into an ONNX encoder, served
                             without torch; see taskzoo.backends.onnx_encoder)

``card.json`` lists every file with its sha256; loading checks them. Writing (atomically) is
:mod:`taskzoo.training.modeldir`'s job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taskzoo.errors import ModelLoadError
from taskzoo.formats import cards
from taskzoo.formats.cards import CARD_FILE  # noqa: F401  (part of the format)

FORMAT = "taskzoo-text-classifier"
VERSION = 1
ADAPTER_DIR, HEAD_FILE, ENCODER_DIR = "adapter", "head.safetensors", "encoder"
BACKENDS = {
    "fasttext": "taskzoo.backends.fasttext:FastTextClassifier",
    "head": "taskzoo.backends.minilm_head:EncoderClassifier",
    "static": "taskzoo.backends.minilm_head:EncoderClassifier",
    "lora": "taskzoo.backends.minilm_head:EncoderClassifier",
}


def is_model_dir(path: Path) -> bool:
    """True if ``path`` is a directory holding a *complete* taskzoo text-classifier card."""
    return cards.is_card_dir(path, FORMAT)


def read_card(path: Path) -> dict[str, Any]:
    """The parsed ``card.json`` of a model directory."""
    return cards.read_card(path, FORMAT)


def verify_files(path: Path) -> dict[str, Any]:
    """Read the card and check every listed file's sha256; return the card."""
    return cards.verify_files(path, read_card(path))


def base_model_path(meta: dict[str, Any]) -> Path:
    """Where the card's base encoder is on this machine (a registered embeddings model by name
    — its ONNX encoder folder — or a local path)."""
    base = meta.get("base_model") or {}
    if base.get("path"):
        path = Path(base["path"]).expanduser()
        if not path.exists():
            raise ModelLoadError(f"the base model {path} of this classifier is not on this machine")
        return path
    if base.get("name"):
        from taskzoo.registry import resolve

        card = resolve("embeddings", base["name"])
        if card.source is None:
            raise ModelLoadError(f"embeddings model {base['name']!r} has no weights source")
        return card.source.locate()
    raise ModelLoadError("this classifier's card names no base model")
