"""Reproduce the shipped sentiment models from scratch (seeded; wall time logged).

    python tasks/sentiment/train.py --method fasttext   # seconds
    python tasks/sentiment/train.py --method fasttext --data broad       # RT + tweets, binary
    python tasks/sentiment/train.py --method fasttext --data broad-3way  # + the neutral class
    python tasks/sentiment/train.py --method static --data broad
    python tasks/sentiment/train.py --method lora       # the default model; CPU-hours on a busy
                                                         # 2-core machine, ~20-40 min when idle
    python tasks/sentiment/train.py --method lora --data broad  # continues minilm-lora-rt
    python tasks/sentiment/train.py --method lora --data cross --init RUN  # continues that run
    python tasks/sentiment/train.py --method fasttext --data cross

``--data rt`` (the default) trains on the Rotten Tomatoes train split; ``broad`` on RT + the
positive/negative tweets (LoRA: a balanced sample of them, ``tweets_per_label`` in recipes.py);
``broad-3way`` on RT + all tweets (neutral included); ``cross`` and ``cross-3way`` add the
cross-domain texts written for this project (tasks/sentiment/crossdomain/) to ``broad`` and
``broad-3way``. Each selects and calibrates on the matching validation splits and writes held-out
metrics on the matching test splits into the model directory's card.json (see
tasks/sentiment/data.py; the cross-domain texts have no test split).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data
from recipes import (
    BROAD_RECIPES,
    CROSS_RECIPES,
    CROSS_THREE_WAY_RECIPES,
    RECIPES,
    THREE_WAY_RECIPES,
)

import taskzoo

ASSETS = Path(__file__).parents[2] / "taskzoo" / "assets"
DATA_SETS = {
    "rt": (RECIPES, lambda split: data.load(split, "rt")),
    "broad": (BROAD_RECIPES, lambda split: data.mixed(split, binary=True)),
    "broad-3way": (THREE_WAY_RECIPES, lambda split: data.mixed(split, binary=False)),
    "cross": (CROSS_RECIPES, lambda split: data.mixed(split, binary=True)),
    "cross-3way": (CROSS_THREE_WAY_RECIPES, lambda split: data.mixed(split, binary=False)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", choices=sorted(RECIPES), default="fasttext")
    parser.add_argument("--data", choices=sorted(DATA_SETS), default="rt")
    parser.add_argument("--output", type=Path, help="default: taskzoo/assets/<model>")
    parser.add_argument("--init", type=Path,
                        help="LoRA: continue from this model folder instead of the recipe's "
                             "shipped starting point (e.g. a fresh `--data broad` run)")
    parser.add_argument("--package", type=Path, metavar="RUN_DIR",
                        help="calibrate, measure and package an already trained run (adapter/ "
                             "and head.safetensors written by taskzoo.training.lora.train_lora "
                             "with this recipe) instead of training again")
    args = parser.parse_args()
    recipes, load = DATA_SETS[args.data]
    if args.method not in recipes:
        parser.error(f"no {args.method} recipe for --data {args.data} (have {sorted(recipes)})")
    name, options = recipes[args.method]
    options = dict(options)
    if args.data == "cross" and options.get("init") and not args.init:
        parser.error("--data cross continues a `--data broad` run: pass that folder with --init "
                     f"(taskzoo/assets/{options['init']} is already this recipe's result)")
    per_label = options.pop("tweets_per_label", None)
    rt_sample = options.pop("rt_sample", None)
    cross_copies = options.pop("crossdomain_copies", 0)
    if options.get("init"):  # an adapter folder shipped under taskzoo/assets
        options["init"] = str(args.init or ASSETS / options["init"])
    rows = {split: list(zip(*load(split), strict=True)) for split in data.SPLITS}
    if per_label:  # RT (all, or a seeded sample) + a balanced, seeded sample of the tweets
        rt = list(zip(*data.load("train", "rt"), strict=True))
        if rt_sample:
            rt = random.Random(data.SEED).sample(rt, rt_sample)
        rows["train"] = rt + data.tweet_sample("train", per_label)
    if cross_copies:  # the cross-domain texts written for this project (no test split)
        binary = args.data == "cross"
        cross = {split: list(zip(*data.load(split, "crossdomain", binary=binary), strict=True))
                 for split in ("train", "validation")}
        rows["train"] += cross["train"] * cross_copies
        rows["validation"] += cross["validation"]
    words = options.pop("teacher_words", None)
    if words:  # vocabulary words labelled by a MiniLM teacher, as one-word examples
        from label_words import teacher_words

        rows["train"] += teacher_words(words["teacher"], words["min_prob"]) * words["copies"]
    start = time.time()
    target = args.output or ASSETS / name
    if args.package:
        from taskzoo.training.text import TextJob

        job = TextJob.build(
            task="sentiment", data=rows["train"], method=args.method, output_dir=target,
            validation=rows["validation"], test=rows["test"], text_column="text",
            label_column="label", base_model="all-minilm-l6-v2", positive_label=None,
            threshold=None, seed=data.SEED, progress=True, overwrite=True, options=options)
        path = job.run(prefit=args.package)
    else:
        path = taskzoo.train("sentiment", rows["train"], method=args.method, output_dir=target,
                             validation=rows["validation"], test=rows["test"], overwrite=True,
                             seed=data.SEED, **options)
    card = json.loads((path / "card.json").read_text())
    if options.get("init"):  # a shipped card names its starting point, not this machine's path
        start_name = {"sentiment-minilm-lora": "minilm-lora-rt",
                      "sentiment-minilm-lora-broad": "minilm-lora-broad"}
        init = recipes[args.method][1]["init"]
        card["training"]["hyperparameters"]["init"] = (
            f"taskzoo/assets/{init} ({start_name.get(init, init)})")
        (path / "card.json").write_text(json.dumps(card, indent=2))
    print(json.dumps({"model": str(path), "wall_seconds": round(time.time() - start, 1),
                      "test": card["metrics"]["test"]}, indent=2))


if __name__ == "__main__":
    main()
