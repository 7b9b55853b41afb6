"""Recognises a model directory written by :func:`taskzoo.train` and builds its ModelCard, so
``taskzoo.load("text-classification", model="my-model/")`` (or ``"sentiment"``/``"spam"``) works."""

from __future__ import annotations

from pathlib import Path

from taskzoo.formats import classifier_dir as modeldir
from taskzoo.formats.classifier_dir import BACKENDS
from taskzoo.registry import ModelCard
from taskzoo.weights import LocalPath

_ENCODER = ("onnxruntime", "tokenizers", "safetensors")
REQUIRES = {"fasttext": ("fasttext",), "static": _ENCODER, "head": _ENCODER, "lora": _ENCODER}


class TrainedClassifierDir:
    """Not a backend itself: maps a trained directory to the backend of its method."""

    @classmethod
    def accepts(cls, path: Path) -> bool:
        """True for a directory holding a taskzoo text-classifier ``card.json``."""
        return path.is_dir() and modeldir.is_model_dir(path)

    @classmethod
    def card_for_path(cls, task: str, path: Path) -> ModelCard:
        """The ModelCard serving the directory at ``path`` for ``task``."""
        meta = modeldir.read_card(path)
        method = meta["method"]
        files = meta.get("files", {})
        source = (LocalPath(path=str(path / "model.ftz"), sha256=files.get("model.ftz"))
                  if method == "fasttext" else LocalPath(path=str(path)))
        test = (meta.get("metrics") or {}).get("test") or {}
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6
        return ModelCard(
            name=str(path), task=task, backend=BACKENDS[method], source=source, extra="text",
            requires=REQUIRES.get(method, ()), labels=tuple(meta.get("labels", ())),
            size_mb=round(size, 2), options=dict(meta.get("options", {})),
            metrics={f"{k} (held-out test part)": v for k, v in test.items()
                     if isinstance(v, float)},
            description=f"a {method} classifier trained with taskzoo.train ({path})",
        )
