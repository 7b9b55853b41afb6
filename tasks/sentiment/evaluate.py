"""Print the sentiment metrics tables (Markdown) for the model card.

    python tasks/sentiment/evaluate.py
    python tasks/sentiment/evaluate.py --models fasttext-rt path/to/my-model

Sets: the Rotten Tomatoes test split (1,275 snippets, tasks/sentiment/data.py) and a
hand-written out-of-domain set of 60 product/restaurant/hotel/app reviews and posts
(tests/data/classify/sentiment_ood.jsonl; never trained on). Each model runs in a fresh process
so its load time and peak RSS are its own; speed depends on the machine's load (printed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data

from taskzoo.training.data import read_jsonl
from taskzoo.training.report import measure_models, publish

OOD = Path(__file__).parents[2] / "tests" / "data" / "classify" / "sentiment_ood.jsonl"
SHIPPED = ("minilm-lora-rt", "fasttext-rt", "minilm-static-rt", "vader")
QUALITY = [("model", "model"), ("RT test acc", "rt.accuracy"), ("RT macro-F1", "rt.macro_f1"),
           ("RT ECE", "rt.ece"), ("other-domain acc", "ood.accuracy"),
           ("other-domain macro-F1", "ood.macro_f1")]
SPEED = [("model", "model"), ("texts/s b=1", "texts_per_s_batch1"),
         ("texts/s b=64", "texts_per_s_batch64"), ("load s", "load_seconds"),
         ("size MB", "size_mb"), ("peak RSS MB", "peak_rss_mb"), ("load avg", "load_average_1min")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="*", default=list(SHIPPED))
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    ood = read_jsonl(OOD)
    sets = {"rt": data.load("test"),
            "ood": ([r["text"] for r in ood], [r["label"] for r in ood])}
    rows = measure_models("sentiment", args.models, sets, sets["rt"][0])
    publish(rows, [QUALITY, SPEED], args.json)


if __name__ == "__main__":
    main()
