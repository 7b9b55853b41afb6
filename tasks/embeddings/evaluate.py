"""Evaluate sentence embeddings on tasks/embeddings/triples.jsonl: 30 hand-written triples of
(anchor, paraphrase, hard distractor). The distractor shares topic and words with the anchor but
means something else. Ranking accuracy = share of triples where sim(anchor, paraphrase) >
sim(anchor, distractor).

Run: python tasks/embeddings/evaluate.py [--model all-minilm-l6-v2]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

import taskzoo as tz

DATA = Path(__file__).with_name("triples.jsonl")


def main() -> None:
    """Print ranking accuracy, mean similarity margins and throughput."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    pipe = tz.load("embeddings", args.model)
    started = time.perf_counter()
    pipe.load()
    load_s = time.perf_counter() - started
    texts = [r[k] for r in rows for k in ("anchor", "positive", "negative")]
    started = time.perf_counter()
    vectors = np.stack(pipe(texts, batch_size=64)).reshape(len(rows), 3, -1)
    seconds = time.perf_counter() - started
    positive = np.einsum("nd,nd->n", vectors[:, 0], vectors[:, 1])
    negative = np.einsum("nd,nd->n", vectors[:, 0], vectors[:, 2])
    for row, p, n in zip(rows, positive, negative, strict=True):
        if p <= n:
            print(f"  miss: {row['anchor']!r}: paraphrase {p:.2f} <= distractor {n:.2f}")
    print(f"model {pipe.card.name}: load {load_s:.2f} s")
    print("| metric | value |\n|---|---|")
    print(f"| ranking accuracy ({len(rows)} triples) | {(positive > negative).mean():.3f} |")
    print(f"| mean cosine, paraphrase | {positive.mean():.3f} |")
    print(f"| mean cosine, distractor | {negative.mean():.3f} |")
    print(f"| throughput (batch 64) | {len(texts) / seconds:,.0f} sentences/s |")


if __name__ == "__main__":
    main()
