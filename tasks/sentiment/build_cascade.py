"""Fit the advised cascade on validation data, save it as a model folder, and compare it with
its members on the same validation items (to choose the default; no test split is read).

    python tasks/sentiment/build_cascade.py > tasks/sentiment/results/build_cascade.txt

Small model: ``fasttext-broad``; large: ``minilm-lora-rt``; advisors: ``vader`` and
``minilm-static-broad``. Validation: 400 RT and 400 positive/negative tweets drawn (seeded) from
the validation splits, so the threshold and the trust weights reflect both kinds of text. The
threshold is the most accurate operating point that sends at most half of the items to LoRA
(cost per item stays below LoRA alone). The folder is written to
taskzoo/assets/sentiment-cascade-broad and registered as ``cascade-broad``.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data

import taskzoo as tz
from taskzoo.combine_store import save_cascade

ASSETS = Path(__file__).parents[2] / "taskzoo" / "assets"
TARGET = ASSETS / "sentiment-cascade-broad"
SMALL, LARGE, ADVISORS = "fasttext-broad", "minilm-lora-rt", ("vader", "minilm-static-broad")
PER_SOURCE = 400
MAX_DEFERRAL = 0.5


def validation() -> tuple[list[str], list[str]]:
    """400 RT + 400 tweets (positive/negative) from the validation splits, seeded."""
    rng = random.Random(data.SEED)
    texts: list[str] = []
    labels: list[str] = []
    for source in ("rt", "tweets"):
        pairs = list(zip(*data.load("validation", source, binary=True), strict=True))
        for text, label in rng.sample(pairs, PER_SOURCE):
            texts.append(text)
            labels.append(label)
    return texts, labels


def main() -> None:
    texts, gold = validation()
    start = time.time()
    both = tz.cascade(SMALL, LARGE, validation=(texts, gold), max_deferral=MAX_DEFERRAL,
                      advisors=list(ADVISORS), task="sentiment", name="cascade-broad")
    stats = {k: round(v, 4) for k, v in both.validation.items()}
    print("validation (cross-fitted trust):", json.dumps(stats))
    print("trust weights:", json.dumps(both.deferral.describe()))
    print(f"threshold {both.threshold:.4f}; fitted in {time.time() - start:.0f} s")
    accuracy = {}
    for name in (SMALL, *ADVISORS):
        results = tz.load("sentiment", model=name)(texts)
        accuracy[name] = sum(r.label == g for r, g in zip(results, gold, strict=True)) / len(gold)
    accuracy[LARGE] = stats["large_accuracy"]
    accuracy["cascade-broad"] = stats["accuracy"]
    print("\n| model | validation accuracy (400 RT + 400 tweets) |\n|---|---|")
    for name, value in sorted(accuracy.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {value:.4f} |")
    print(f"\nchosen on validation: {max(accuracy, key=accuracy.__getitem__)}")
    save_cascade(both, TARGET, metrics={"validation": stats},
                 description=f"{SMALL} first; items it is not trusted on go to {LARGE}; trust "
                             f"learned from its confidence and {' + '.join(ADVISORS)}")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
