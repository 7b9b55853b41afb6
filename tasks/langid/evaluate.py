"""Evaluate language identification on tasks/langid/test.jsonl (75 hand-written sentences,
15 languages, 5 each: everyday sentences on the same five topics in every language).

Run: python tasks/langid/evaluate.py [--model lid176]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import taskzoo as tz

DATA = Path(__file__).with_name("test.jsonl")


def main() -> None:
    """Print accuracy overall and per language, plus throughput."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    pipe = tz.load("langid", args.model)
    started = time.perf_counter()
    pipe.load()
    load_s = time.perf_counter() - started
    texts = [r["text"] for r in rows]
    started = time.perf_counter()
    predictions = pipe(texts, batch_size=64)
    seconds = time.perf_counter() - started
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row, pred in zip(rows, predictions, strict=True):
        total[row["label"]] += 1
        right[row["label"]] += pred.label == row["label"]
        if pred.label != row["label"]:
            print(f"  miss: {row['label']} -> {pred.label} ({pred.score:.2f}) {row['text']}")
    print(f"model {pipe.card.name}: load {load_s:.2f} s")
    print("| language | accuracy |\n|---|---|")
    for lang in total:
        print(f"| {lang} | {right[lang] / total[lang]:.2f} |")
    accuracy = sum(right.values()) / len(rows)
    print(f"| **all ({len(rows)} sentences, {len(total)} languages)** | **{accuracy:.3f}** |")
    print(f"throughput: {len(rows) / seconds:,.0f} sentences/s")


if __name__ == "__main__":
    main()
