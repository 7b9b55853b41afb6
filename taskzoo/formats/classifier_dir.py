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

import json
from pathlib import Path
from typing import Any

from taskzoo.errors import ModelLoadError
from taskzoo.weights import sha256_of

CARD_FILE = "card.json"
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
    card = path / CARD_FILE
    if not card.is_file():
        return False
    try:
        meta = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("format") == FORMAT and meta.get("complete", True) is not False


def read_card(path: Path) -> dict[str, Any]:
    """The parsed ``card.json`` of a model directory."""
    try:
        meta: dict[str, Any] = json.loads((path / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"{path} has no readable {CARD_FILE}: {exc}") from exc
    if meta.get("format") != FORMAT:
        raise ModelLoadError(f"{path / CARD_FILE} is not a {FORMAT} card")
    return meta


def verify_files(path: Path) -> dict[str, Any]:
    """Read the card and check every listed file's sha256; return the card."""
    meta = read_card(path)
    for name, digest in meta.get("files", {}).items():
        file = path / name
        if not file.is_file():
            raise ModelLoadError(f"{path} is incomplete: {name} is missing. Retrain or re-copy it.")
        if sha256_of(file) != digest:
            raise ModelLoadError(
                f"{file} is corrupt (sha256 does not match {CARD_FILE}). Retrain or re-copy it."
            )
    return meta


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
