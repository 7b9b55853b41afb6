"""One-line task functions: ``taskzoo.sentiment("great film")`` and friends.

Each is sugar over :func:`taskzoo.run` with the task's default model (``model=`` picks another);
a single input returns one result, a list returns a list.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.api import run

if TYPE_CHECKING:
    import numpy as np

    from taskzoo.results import Entity, Label

Model = str | Path | None


def embed(texts: str | list[str], model: Model = None, **kwargs: Any) -> np.ndarray:
    """L2-normalised float32 embeddings: shape ``(dim,)`` for a str, ``(n, dim)`` for a list."""
    import numpy as np

    out = run("embeddings", texts, model, **kwargs)
    if isinstance(texts, str):
        return np.asarray(out)
    dim = run("embeddings", "", model).shape[0] if not out else out[0].shape[0]
    return np.stack(out) if out else np.zeros((0, dim), dtype=np.float32)


def similarity(a: str | list[str], b: str | list[str], model: Model = None) -> Any:
    """Cosine similarity: a float for two texts, an ``(len(a), len(b))`` matrix for two lists."""
    left, right = embed(a, model), embed(b, model)
    if left.ndim == 1 and right.ndim == 1:
        return float(left @ right)
    return left.reshape(-1, left.shape[-1]) @ right.reshape(-1, right.shape[-1]).T


def search(
    query: str, corpus: list[str], k: int = 5, model: Model = None
) -> list[tuple[int, float]]:
    """The ``k`` corpus texts most similar to ``query``, as ``(index, score)`` best first."""
    if not corpus:
        return []
    scores = embed(corpus, model) @ embed(query, model)
    order = scores.argsort()[::-1][: max(k, 0)]
    return [(int(i), float(scores[i])) for i in order]


def langid(text: str | list[str], model: Model = None, **kwargs: Any) -> Any:
    """Language of a text as ``Label('fr', 0.99)``; ``k=3`` returns the top 3 as a list."""
    return run("langid", text, model, **kwargs)


def ner(text: str | list[str], model: Model = None, **kwargs: Any) -> list[Entity] | Any:
    """Named entities of a text: a list of ``Entity(text, label, start, end)``."""
    return run("ner", text, model, **kwargs)


def sentiment(text: str | list[str], model: Model = None, **kwargs: Any) -> Label | Any:
    """Sentiment of a text: ``Label('positive' | 'negative', score)``."""
    return run("sentiment", text, model, **kwargs)


def spam(text: str | list[str], model: Model = None, **kwargs: Any) -> Label | Any:
    """Spam or ham: ``Label('spam' | 'ham', score)``; ``threshold=`` overrides the card's."""
    return run("spam", text, model, **kwargs)


def ocr(image: Any, model: Model = None, **kwargs: Any) -> Any:
    """Text in an image (path, bytes, PIL image, numpy array or PDF) as an ``OCRResult``."""
    return run("ocr", image, model, **kwargs)


def detect(image: Any, model: Model = None, **kwargs: Any) -> Any:
    """Objects in an image as ``Detections`` (see the detection model card for the classes)."""
    return run("detection", image, model, **kwargs)


def transcribe(audio: Any, model: Model = None, **kwargs: Any) -> Any:
    """Speech in an audio file, bytes or 16 kHz float32 array as a ``Transcript``.

    Options: ``language``, ``beam_size``, ``vad``, ``word_timestamps``, ``initial_prompt`` and
    ``hotwords=["Xarelto", "Nguyen", ...]`` (words to expect; see docs/asr.md)."""
    return run("asr", audio, model, **kwargs)
