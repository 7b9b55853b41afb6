"""One-line task functions: ``taskzoo.sentiment("great film")`` and friends.

Each is sugar over :func:`taskzoo.run` with the task's default model (``model=`` picks another);
a single input returns one result, a batch (list, tuple, generator, pandas Series; for text also
a numpy array of str or any iterable of str) returns a list. Each docstring lists the options,
the return type and the edge cases, so ``help(taskzoo.sentiment)`` is the reference.
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
    """Sentence embeddings of one text or a batch.

    Args:
        texts: a str, or a batch of str (list, tuple, generator, pandas Series, numpy array of
            str, any iterable of str).
        model: another embeddings model (name, alias or local path); default all-MiniLM-L6-v2.
        normalize: (option) L2-normalise the vectors (default True).

    Returns:
        ``np.ndarray`` float32: shape ``(dim,)`` for a str, ``(n, dim)`` for a batch
        (``(0, dim)`` for an empty one). dim is 384 for the default model.

    Blank text is embedded like any text (it gets a vector, not an error). A non-str item
    raises InvalidInputError before the model loads.
    """
    import numpy as np

    out = run("embeddings", texts, model, **kwargs)
    if isinstance(texts, str):
        return np.asarray(out)
    dim = run("embeddings", "", model).shape[0] if not out else out[0].shape[0]
    return np.stack(out) if out else np.zeros((0, dim), dtype=np.float32)


def similarity(a: str | list[str], b: str | list[str], model: Model = None) -> Any:
    """Cosine similarity of embeddings.

    Args:
        a, b: two texts, or two batches of texts.
        model: the embeddings model (default all-MiniLM-L6-v2).

    Returns:
        a float in [-1, 1] for two texts; an ``(len(a), len(b))`` numpy matrix for batches.
    """
    left, right = embed(a, model), embed(b, model)
    if left.ndim == 1 and right.ndim == 1:
        return float(left @ right)
    return left.reshape(-1, left.shape[-1]) @ right.reshape(-1, right.shape[-1]).T


def search(
    query: str, corpus: list[str], k: int = 5, model: Model = None
) -> list[tuple[int, float]]:
    """The ``k`` texts of ``corpus`` most similar to ``query`` (semantic search).

    Returns:
        ``[(index, score), ...]`` best first, at most ``k`` pairs; ``[]`` for an empty corpus.
    """
    if not corpus:
        return []
    scores = embed(corpus, model) @ embed(query, model)
    order = scores.argsort()[::-1][: max(k, 0)]
    return [(int(i), float(scores[i])) for i in order]


def langid(text: str | list[str], model: Model = None, **kwargs: Any) -> Any:
    """The language of a text, as an ISO 639-1 code (176 languages with the default lid176).

    Args:
        text: a str, or a batch of str (list, tuple, generator, pandas Series, numpy array of
            str, any iterable of str).
        model: another langid model (name, alias or local path).
        k: (option) return the top ``k`` languages as a list of Label instead of one Label.
        scores: (option) attach every language's probability as ``Label.scores``.

    Returns:
        ``Label(label='fr', score=0.99)`` for a str (a list of Label with ``k``); a list of
        those for a batch, in order.

    Blank text gives ``Label('und', 0.0)`` without running the model. A non-str item raises
    InvalidInputError before the model loads.
    """
    return run("langid", text, model, **kwargs)


def ner(text: str | list[str], model: Model = None, **kwargs: Any) -> list[Entity] | Any:
    """Named entities (people, places, organisations, dates, ...) in a text.

    Args:
        text: a str, or a batch of str (list, tuple, generator, pandas Series, numpy array of
            str, any iterable of str).
        model: another NER model (name, alias or local path); default spaCy en_core_web_sm.
        labels: (option) keep only these entity labels, e.g. ``labels=["PERSON", "GPE"]``.

    Returns:
        ``[Entity(text, label, start, end, score), ...]`` in text order (character offsets);
        a list of such lists for a batch.

    Blank text gives ``[]``. A non-str item raises InvalidInputError before the model loads.
    """
    return run("ner", text, model, **kwargs)


def sentiment(text: str | list[str], model: Model = None, **kwargs: Any) -> Label | Any:
    """Is an English text positive or negative?

    Args:
        text: a str, or a batch of str (list, tuple, generator, pandas Series, numpy array of
            str, any iterable of str).
        model: another sentiment model (name, alias or local path, e.g. ``"fasttext-rt"``,
            ``"vader"`` or a folder written by ``taskzoo.train``).
        scores: (option) attach both classes' probabilities as ``Label.scores``.
        threshold: (option) probability of 'positive' from which the label is 'positive'.

    Returns:
        ``Label(label='positive' | 'negative', score)`` where score is the calibrated
        probability of that label; a list of Label for a batch, in order.

    Blank text (empty or whitespace only) gives ``Label('neutral', 0.0)`` without running the
    model. A non-str item (None, bytes, a number) raises InvalidInputError before the model
    loads; a pandas DataFrame asks for one column.
    """
    return run("sentiment", text, model, **kwargs)


def spam(text: str | list[str], model: Model = None, **kwargs: Any) -> Label | Any:
    """Is an email or short message spam (including phishing and scams)?

    Args:
        text: a str, or a batch of str (list, tuple, generator, pandas Series, numpy array of
            str, any iterable of str).
        model: another spam model (name, alias or local path).
        scores: (option) attach both classes' probabilities as ``Label.scores``.
        threshold: (option) probability of 'spam' from which the label is 'spam'; overrides the
            card's operating point (which has its own value for short messages).

    Returns:
        ``Label(label='spam' | 'ham', score)`` (calibrated probability of that label); a list
        of Label for a batch, in order.

    Blank text gives ``Label('ham', 0.0)`` without running the model. A non-str item raises
    InvalidInputError before the model loads.
    """
    return run("spam", text, model, **kwargs)


def ocr(image: Any, model: Model = None, **kwargs: Any) -> Any:
    """The text in an image or a PDF.

    Args:
        image: a file path (png, jpg, ..., pdf), ``pathlib.Path``, bytes, ``PIL.Image`` or numpy
            HxWxC uint8 array; or a batch of those (list, tuple, generator, pandas Series).
            URLs are refused: download the file first.
        model: another OCR model (e.g. ``"ppocrv6-small-line"`` for single text lines).
        min_score: (option) drop lines recognised with less confidence.
        dpi: (option) resolution PDFs are rendered at.
        detect: (option) False treats the whole image as one text line (much faster).
        orientation: (option) run the 0°/180° line classifier first (upside-down text).

    Returns:
        ``OCRResult(text, lines=[TextLine(text, box, score), ...])`` in reading order; a
        list of those for a batch. An image without text gives ``text=''`` and no lines.

    Corrupt or too-small images raise InvalidInputError.
    """
    return run("ocr", image, model, **kwargs)


def detect(image: Any, model: Model = None, **kwargs: Any) -> Any:
    """Objects in an image (the default model finds people, standing or fallen).

    Args:
        image: a file path, ``pathlib.Path``, bytes, ``PIL.Image`` or numpy HxWxC uint8 array;
            or a batch of those (list, tuple, generator, pandas Series). URLs are refused:
            download the file first.
        model: another detector, e.g. ``"layout"`` for document layout (see ``taskzoo list``).
        conf: (option) minimum box score; iou: (option) NMS overlap;
        labels: (option) keep only these classes; max_det: (option) most boxes returned.

    Returns:
        ``Detections(boxes=[Box(label, score, x1, y1, x2, y2), ...], width, height)``;
        ``.draw("out.jpg")`` saves the picture with its boxes. A list for a batch. Nothing
        found gives ``boxes=[]``.
    """
    return run("detection", image, model, **kwargs)


def transcribe(audio: Any, model: Model = None, **kwargs: Any) -> Any:
    """Speech to text (English with the default whisper tiny.en).

    Args:
        audio: a file path (wav, flac, ogg, mp3, m4a, ...), bytes of such a file, a numpy
            array of samples (16 kHz unless ``sample_rate=`` says otherwise), or
            ``{"array": samples, "sampling_rate": rate}``; or a batch of those (list, tuple,
            generator). URLs are refused: download the file first.
        model: another ASR model, e.g. ``"whisper-base"``.
        sample_rate: (option) the rate of a numpy array input, resampled to 16 kHz; refused
            with files and bytes, which carry their own rate.
        word_timestamps, language, beam_size, vad, initial_prompt: (options) see docs/asr.md.
        hotwords: (option) words to expect, e.g. ``["Xarelto", "Nguyen"]``: rare names and
            terms are spelled right far more often (see docs/asr.md).

    Returns:
        ``Transcript(text, language, segments=[Segment(start, end, text), ...])`` (times in
        seconds); a list for a batch. Silence gives ``text=''``.
    """
    return run("asr", audio, model, **kwargs)
