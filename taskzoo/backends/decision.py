"""Turning class probabilities into a :class:`~taskzoo.results.Label` (shared by classifiers).

Rules, the same for every text classifier taskzoo trains:

* the label is the most probable class, except for a binary model with an operating
  ``threshold``: then it is ``positive_label`` when that class's probability is ≥ threshold;
  a model may hold a second threshold for short texts (``short_text``, see
  :func:`operating_threshold`); a per-call ``threshold`` overrides both;
* ``score`` is the (calibrated) probability of the returned label;
* ``scores=True`` attaches every class's probability;
* blank text (empty or whitespace only) is not run through the model: it gets
  ``Label(empty_label, 0.0)`` — ``score`` 0.0 meaning "no evidence either way".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from taskzoo.errors import InvalidInputError
from taskzoo.results import Label

BLANK_LABEL = "unknown"


def softmax(logits: Any, temperature: float = 1.0) -> Any:
    """Row-wise softmax of ``logits / temperature`` (temperature scaling at predict time)."""
    import numpy as np

    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def check_threshold(threshold: Any) -> float | None:
    """Return ``threshold`` as a float in [0, 1] (or None); raise InvalidInputError otherwise."""
    if threshold is None:
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not (
        0.0 <= float(threshold) <= 1.0
    ):
        raise InvalidInputError(f"threshold must be a number between 0 and 1, got {threshold!r}")
    return float(threshold)


def operating_threshold(
    text: str, override: float | None, threshold: float | None,
    short_text: dict[str, Any] | None = None,
) -> float | None:
    """The threshold for one text: the per-call ``override`` if given, else the short-text
    threshold (``short_text = {"max_chars": n, "threshold": t}``) for texts of at most ``n``
    characters, else the model's ``threshold``."""
    if override is not None:
        return override
    if short_text and len(text.strip()) <= int(short_text["max_chars"]):
        return float(short_text["threshold"])
    return threshold


def decide(
    labels: Sequence[str],
    probs: Sequence[float] | None,
    *,
    scores: bool = False,
    threshold: float | None = None,
    positive_label: str | None = None,
    empty_label: str | None = None,
) -> Label:
    """The Label for one text given its class probabilities (``None`` for blank text)."""
    if probs is None:
        return Label(empty_label or BLANK_LABEL, 0.0, {} if scores else None)
    raw = {name: float(p) for name, p in zip(labels, probs, strict=False)}
    every = {name: round(p, 6) for name, p in raw.items()}
    threshold = check_threshold(threshold)
    if threshold is not None and positive_label in raw and len(labels) == 2:
        other = next(name for name in labels if name != positive_label)
        name = positive_label if raw[positive_label] >= threshold else other
    else:
        name = max(every, key=every.__getitem__)
    return Label(name, every[name], every if scores else None)
