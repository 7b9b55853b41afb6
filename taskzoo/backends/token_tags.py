"""Word-level BIO tags over wordpieces: the one alignment that training and serving share.

A BERT tokenizer (🤗 ``tokenizers``) splits a text into *words* (its pre-tokens: runs of letters
or digits, and each punctuation mark) and each word into wordpieces, with character offsets into
the original string. A token classifier tags the **first wordpiece of each word** (``O``,
``B-LABEL``, ``I-LABEL``); the other pieces of the word follow it. Entities are runs of words:
``B-X`` opens one, ``I-X`` continues an open ``X`` (or opens one after ``O`` or another label),
``O`` closes it. An entity spans from its first word's first character to its last word's last
character, so ``text[start:end]`` is always the entity's text, whatever the normaliser did
(lower-casing, accents).

Torch-free (numpy only): :mod:`taskzoo.backends.onnx_tagger` serves with it and
:mod:`taskzoo.training.ner_minilm` builds its training targets with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

OUTSIDE = "O"
Span = tuple[int, int, str]


@dataclass(frozen=True)
class Words:
    """One text as the tagger sees it: wordpiece ids, and per word the index of its first
    wordpiece and its character span."""

    ids: list[int]
    first: list[int]
    spans: list[tuple[int, int]]


def words_of(tokenizer: Any, texts: list[str]) -> list[Words]:
    """Wordpieces and words of each text (no special tokens, no truncation)."""
    out = []
    for enc in tokenizer.encode_batch(texts, add_special_tokens=False):
        first: list[int] = []
        spans: list[list[int]] = []
        last_word = None
        for i, (word, (start, end)) in enumerate(zip(enc.word_ids, enc.offsets, strict=True)):
            if word is None:
                continue
            if word != last_word:
                first.append(i)
                spans.append([start, end])
                last_word = word
            else:
                spans[-1][1] = max(spans[-1][1], end)
        out.append(Words(list(enc.ids), first, [(s, e) for s, e in spans]))
    return out


def tag_set(labels: Sequence[str]) -> list[str]:
    """The tags of ``labels``: ``O`` first, then ``B-X``, ``I-X`` for each label in order."""
    return [OUTSIDE, *(f"{p}-{label}" for label in labels for p in ("B", "I"))]


def word_targets(words: Words, spans: Sequence[Span], tags: Sequence[str]) -> tuple[list[int],
                                                                                     int]:
    """The tag index of each word for gold ``spans``, and how many spans do not start and end
    on word boundaries (their words are tagged by overlap, so they are learnt a little wider,
    e.g. ``500`` inside ``500mg``). Spans of a label without tags are left ``O``."""
    index = {tag: i for i, tag in enumerate(tags)}
    targets = [index[OUTSIDE]] * len(words.spans)
    misaligned = 0
    for start, end, label in spans:
        if f"B-{label}" not in index:
            continue
        inside = [w for w, (s, e) in enumerate(words.spans) if s < end and start < e]
        if not inside:
            misaligned += 1
            continue
        if words.spans[inside[0]][0] != start or words.spans[inside[-1]][1] != end:
            misaligned += 1
        targets[inside[0]] = index[f"B-{label}"]
        for w in inside[1:]:
            targets[w] = index[f"I-{label}"]
    return targets, misaligned


def decode(words: Words, probs: np.ndarray, tags: Sequence[str]) -> list[tuple[int, int, str,
                                                                              float]]:
    """Entities ``(start, end, label, score)`` from per-word tag probabilities ``(n_words,
    n_tags)``; the score is the mean probability of the entity's word tags."""
    found: list[tuple[int, int, str, float]] = []
    best = probs.argmax(1) if len(probs) else np.zeros(0, dtype=int)
    open_: list[Any] | None = None  # [first word, last word, label, [probabilities]]

    def close() -> None:
        if open_ is not None:
            found.append((words.spans[open_[0]][0], words.spans[open_[1]][1], open_[2],
                          round(float(np.mean(open_[3])), 4)))

    for w, t in enumerate(best):
        tag = tags[int(t)]
        p = float(probs[w, t])
        if tag == OUTSIDE:
            close()
            open_ = None
            continue
        prefix, label = tag[0], tag[2:]
        if prefix == "I" and open_ is not None and open_[2] == label:
            open_[1] = w
            open_[3].append(p)
        else:
            close()
            open_ = [w, w, label, [p]]
    close()
    return found
