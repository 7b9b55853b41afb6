"""Fit the advised cascade on validation data, save it as a model folder, and compare it with
its members and the other default candidates on validation items it was not fitted on (to
choose the default; no test split and no check-set item is read).

    python tasks/sentiment/build_cascade.py > tasks/sentiment/results/build_cascade.txt
    python tasks/sentiment/build_cascade.py --small fasttext-broad --large minilm-lora-broad \
        --compare minilm-lora-rt

Small model (``--small``, default ``fasttext-broad``), large (``--large``, default
``minilm-lora-broad``), advisor ``vader`` (``--advisors`` for others). Fitting items: 400 RT and
400 positive/negative tweets drawn (seeded) from the validation splits, so the threshold and the
trust weights reflect both kinds of text. The threshold is the most accurate operating point that
sends at most half of the items to the large model (cost per item stays below it alone). The
folder is written to taskzoo/assets/sentiment-cascade-broad (registered as ``cascade-broad``).

Comparison: every model (the cascade, its members, ``--compare`` models) on the validation items
not used for fitting — 875 RT and 1,873 tweets — by accuracy on each and their mean (neither
domain wins by its size). Rule for the default, fixed before the runs: among the models whose
cost per item is at most the LoRA model's and whose RT validation accuracy is within 1 point of
``minilm-lora-rt``'s, the highest mean.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import data

import taskzoo as tz
from taskzoo.combine_store import save_cascade

ASSETS = Path(__file__).parents[2] / "taskzoo" / "assets"
TARGET = ASSETS / "sentiment-cascade-broad"
ADVISORS = ("vader",)  # minilm-static-broad too was measured: results/select_crossdomain_run2.txt
PER_SOURCE = 400
MAX_DEFERRAL = 0.5


def accuracy_of(pipe: Any, texts: list[str], gold: list[str]) -> float:
    """Share of ``texts`` a sentiment pipeline (or combination) labels as ``gold``."""
    return sum(r.label == g for r, g in zip(pipe(texts), gold, strict=True)) / len(gold)


def validation() -> tuple[dict[str, tuple[list[str], list[str]]],
                          dict[str, tuple[list[str], list[str]]]]:
    """Per source (RT, positive/negative tweets): 400 fitting items drawn from the validation
    split (seeded), and the rest of that split held out."""
    rng = random.Random(data.SEED)
    fitting, held_out = {}, {}
    for source in ("rt", "tweets"):
        pairs = list(zip(*data.load("validation", source, binary=True), strict=True))
        drawn = rng.sample(range(len(pairs)), PER_SOURCE)
        picked = set(drawn)
        chosen = [pairs[i] for i in drawn]
        fitting[source] = ([t for t, _ in chosen], [y for _, y in chosen])
        rest = [pairs[i] for i in range(len(pairs)) if i not in picked]
        held_out[source] = ([t for t, _ in rest], [y for _, y in rest])
    return fitting, held_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", default="fasttext-broad")
    parser.add_argument("--large", default="minilm-lora-broad")
    parser.add_argument("--compare", nargs="*", default=["minilm-lora-rt"])
    parser.add_argument("--target", type=Path, default=TARGET)
    parser.add_argument("--advisors", nargs="*", default=list(ADVISORS),
                        help="cheap models whose agreement the trust is learned from")
    args = parser.parse_args()
    fitting, held_out = validation()
    texts = fitting["rt"][0] + fitting["tweets"][0]
    gold = fitting["rt"][1] + fitting["tweets"][1]
    start = time.time()
    both = tz.cascade(args.small, args.large, validation=(texts, gold),
                      max_deferral=MAX_DEFERRAL, advisors=args.advisors, task="sentiment",
                      name="cascade-broad")
    stats = {k: round(v, 4) for k, v in both.validation.items()}
    print("fitting items (cross-fitted trust):", json.dumps(stats))
    print("trust weights:", json.dumps(both.deferral.describe()))
    print(f"threshold {both.threshold:.4f}; fitted in {time.time() - start:.0f} s")
    rows = {}
    models = {"cascade-broad": both, **{n: n for n in (args.small, *args.advisors, args.large,
                                                       *args.compare)}}
    for name, model in models.items():
        pipe = tz.load("sentiment", model=model) if isinstance(model, str) else model
        acc = {}
        for source, (x, y) in held_out.items():
            acc[source] = accuracy_of(pipe, x, y)
        rows[name] = acc
    deferral = both.deferral_rate
    n_rt, n_tw = (len(held_out[s][1]) for s in ("rt", "tweets"))
    print(f"\n| model | RT validation ({n_rt}) | tweets validation ({n_tw}) | mean |\n"
          "|---|---|---|---|")
    for name, acc in sorted(rows.items(), key=lambda kv: -(kv[1]["rt"] + kv[1]["tweets"])):
        label = f"{name} ({deferral:.1%} deferred)" if name == "cascade-broad" else name
        print(f"| {label} | {acc['rt']:.4f} | {acc['tweets']:.4f} | "
              f"{(acc['rt'] + acc['tweets']) / 2:.4f} |")
    floor = rows["minilm-lora-rt"]["rt"] - 0.01 if "minilm-lora-rt" in rows else 0.0
    allowed = [n for n in ("cascade-broad", args.large, *args.compare) if rows[n]["rt"] >= floor]
    best = max(allowed, key=lambda n: rows[n]["rt"] + rows[n]["tweets"])
    print(f"\nchosen on validation (cost <= LoRA, RT validation >= {floor:.4f}): {best}")
    save_cascade(both, args.target, metrics={"validation": stats},
                 description=f"{args.small} first; items it is not trusted on go to "
                             f"{args.large}; trust learned from its confidence and "
                             f"{' + '.join(args.advisors)}")
    print(f"wrote {args.target}")


if __name__ == "__main__":
    main()
