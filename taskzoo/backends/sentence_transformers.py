"""Sentence embeddings with sentence-transformers (all-MiniLM-L6-v2 by default).

The encoder is shared per weights path within the process (:mod:`taskzoo.sharing`), so the
embeddings task and classifier heads built on the same MiniLM hold it in memory once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.sharing import shared

if TYPE_CHECKING:
    import numpy as np
    from sentence_transformers import SentenceTransformer


def load_sentence_transformer(path: Path) -> SentenceTransformer:
    """The process-wide SentenceTransformer for a local model folder (CPU, no hub calls)."""

    def build() -> SentenceTransformer:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging

        logging.disable_progress_bar()  # no "Loading weights" bar on every load
        return SentenceTransformer(str(path), device="cpu", local_files_only=True)

    return shared(("sentence-transformers", str(path)), build)


class SentenceTransformerEncoder(Backend):
    """Encodes texts to L2-normalised float32 vectors."""

    call_options: ClassVar[frozenset[str]] = frozenset({"normalize"})

    def load(self) -> None:
        self.model = load_sentence_transformer(self.weights_path())

    def predict_batch(self, items: list[str], normalize: bool = True, **_: Any) -> list[np.ndarray]:
        # The model reads at most max_seq_length tokens; cutting far beyond that (no real token
        # is 40 characters long) keeps a megabyte string from being tokenised in full.
        limit = int(self.model.max_seq_length or 512) * 40
        vectors = self.model.encode(
            [text[:limit] for text in items],
            batch_size=max(len(items), 1),
            convert_to_numpy=True,
            normalize_embeddings=normalize,
            show_progress_bar=False,
        )
        return list(vectors.astype("float32", copy=False))

    @classmethod
    def accepts(cls, path: Path) -> bool:
        markers = ("modules.json", "config_sentence_transformers.json")
        return any((path / name).is_file() for name in markers)
