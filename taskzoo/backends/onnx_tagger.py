"""Entities from a token classifier on the MiniLM encoder, run on ONNX Runtime (no torch).

Serves NER folders trained with ``taskzoo.train("ner", data, method="minilm")`` (layout in
:mod:`taskzoo.formats.ner_dir`): a linear layer over the encoder's token vectors tags the first
wordpiece of every word with ``O``/``B-X``/``I-X`` (:mod:`taskzoo.backends.token_tags` turns the
tags into entities with character offsets into the input). The encoder is the folder's own
``encoder/`` (modes ``lora`` and ``full``: the fine-tuned weights, int8 or fp32) or, for mode
``head``, the shared base encoder of the embeddings task (one session per process).

Texts longer than the encoder's 256 tokens are read in overlapping windows of 254 wordpieces
(64 shared); each token is tagged from the window where it has the most context
(:meth:`taskzoo.backends.onnx_encoder.OnnxEncoder.token_states`), so any length works, at about
one encoder pass per 190 wordpieces. Texts over ``max_chars`` (1,000,000) are refused.

A folder trained with ``keep_base_labels`` runs its base spaCy model beside it for the old
types, exactly as a spaCy-trained folder does (:func:`taskzoo.backends.spacy.base_beside`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.backends.decision import softmax
from taskzoo.backends.onnx_encoder import external_weights, is_encoder_dir, load_encoder
from taskzoo.backends.token_tags import decode, words_of
from taskzoo.errors import ModelLoadError
from taskzoo.formats import ner_dir
from taskzoo.results import Entity

if TYPE_CHECKING:
    import numpy as np

    from taskzoo.backends.onnx_encoder import OnnxEncoder

MAX_CHARS = 1_000_000


def encoder_folder(root: Path, meta: dict[str, Any]) -> Path:
    """The ONNX encoder folder a tagger folder reads: its own, else the shared base one."""
    own = root / ner_dir.ENCODER_DIR
    if is_encoder_dir(own):
        return own
    from taskzoo.formats.classifier_dir import base_model_path

    if not meta.get("encoder"):
        raise ModelLoadError(f"{root}: the card names no encoder and the folder has none")
    return base_model_path({"base_model": meta["encoder"]})


class TokenTagger:
    """An ONNX encoder + a linear tag layer: ``entities(texts)`` → ``(start, end, label, score)``
    per text. Shared by the backend and by training (to measure the exported files)."""

    def __init__(self, encoder: OnnxEncoder, weight: np.ndarray, bias: np.ndarray,
                 tags: list[str]) -> None:
        if weight.shape != (len(tags), encoder.hidden_size) or bias.shape != (len(tags),):
            raise ModelLoadError(f"the tag layer is {weight.shape} + {bias.shape} but "
                                 f"{len(tags)} tags on {encoder.hidden_size}-d vectors were "
                                 "expected: the files do not match")
        self.encoder, self.weight, self.bias, self.tags = encoder, weight, bias, tags

    def entities(self, texts: list[str], batch_size: int = 32) -> list[list[tuple[int, int, str,
                                                                                    float]]]:
        words = words_of(self.encoder.tokenizer, texts)
        states = self.encoder.token_states([w.ids for w in words], batch_size=batch_size)
        out = []
        for w, vectors in zip(words, states, strict=True):
            logits = vectors[w.first] @ self.weight.T + self.bias
            out.append(decode(w, softmax(logits), self.tags))
        return out


def load_tagger(root: Path, meta: dict[str, Any], encoder_dir: Path | None = None,
                threads: int | None = None) -> TokenTagger:
    """The :class:`TokenTagger` of a folder (``encoder_dir`` overrides where the encoder is)."""
    import numpy as np
    from safetensors.numpy import load_file

    head = load_file(str(root / ner_dir.HEAD_FILE))
    encoder = load_encoder(encoder_dir or encoder_folder(root, meta), threads=threads)
    return TokenTagger(encoder, head["weight"].astype(np.float32),
                       head["bias"].astype(np.float32), list(meta["tags"]))


class OnnxTokenTagger(Backend):
    """Serves ``minilm`` NER folders (see the module docstring). Options: ``threshold``
    (entities scoring less are dropped; default: the card's, chosen on validation),
    ``max_chars``, ``batch_size`` (windows per encoder call, 32), ``threads``."""

    call_options: ClassVar[frozenset[str]] = frozenset({"labels"})

    def load(self) -> None:
        from taskzoo.backends.spacy import base_beside

        root = self.weights_path()
        meta = ner_dir.verify(root)
        self.tagger = load_tagger(root, meta, threads=self.options.get("threads"))
        self.base, self.new_labels = base_beside(meta)
        self.threshold = float(self.options.get("threshold", meta.get("threshold", 0.0)))

    def predict_batch(self, items: list[str], labels: list[str] | None = None,
                      **_: Any) -> list[list[Entity]]:
        from taskzoo.backends.spacy import check_lengths, with_base

        check_lengths(items, int(self.options.get("max_chars", MAX_CHARS)))
        live = [i for i, text in enumerate(items) if text.strip()]
        found = self.tagger.entities([items[i] for i in live],
                                     int(self.options.get("batch_size", 32)))
        results: list[list[Entity]] = [[] for _ in items]
        for i, spans in zip(live, found, strict=True):
            results[i] = [Entity(items[i][s:e], label, s, e, score) for s, e, label, score
                          in spans if score >= self.threshold]
        return with_base(results, items, self.base, self.new_labels, labels)

    @classmethod
    def fetch_weights(cls, path: Path) -> None:
        folder = encoder_folder(path, ner_dir.read_card(path))
        external_weights(folder)
