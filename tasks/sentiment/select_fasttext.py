"""Choose the fastText data mix and settings on validation data (no test split is read).

    python tasks/sentiment/select_fasttext.py > tasks/sentiment/results/select_fasttext.txt

For each training mix (RT alone; RT + tweets; RT + tweets with the negative tweets cut to the
number of positive ones) and each setting (epochs, learning rate, word n-grams, char n-grams), a
fastText model is trained unquantised, one thread, and scored on the RT and tweets validation
splits (positive/negative items; with ``--three-way`` the tweets' neutral class too). The mean of
the two validation accuracies picks the setting: neither domain may win by its size alone.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from itertools import product
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data

from taskzoo.backends.fasttext import PREFIX, fasttext_line

GRID = {"epoch": (10,), "lr": (0.1,), "wordNgrams": (1, 2), "minn_maxn": ((0, 0), (3, 5))}


def balanced_tweets(split: str, binary: bool) -> tuple[list[str], list[str]]:
    """Tweets of ``split`` with the larger polar class cut (seeded) to the smaller one's size."""
    texts, labels = data.load(split, "tweets", binary=binary)
    by_label: dict[str, list[str]] = {}
    for text, label in zip(texts, labels, strict=True):
        by_label.setdefault(label, []).append(text)
    keep = min(len(by_label["positive"]), len(by_label["negative"]))
    rng = random.Random(data.SEED)
    by_label["negative"] = rng.sample(by_label["negative"], keep)
    pairs = [(t, label) for label, items in by_label.items() for t in items]
    rng.shuffle(pairs)
    return [t for t, _ in pairs], [label for _, label in pairs]


def mixes(binary: bool) -> dict[str, tuple[list[str], list[str]]]:
    """The candidate training sets."""
    rt = data.load("train", "rt")
    tweets = data.load("train", "tweets", binary=binary)
    cut = balanced_tweets("train", binary)
    out = {"rt+tweets": (rt[0] + tweets[0], rt[1] + tweets[1]),
           "rt+tweets-balanced": (rt[0] + cut[0], rt[1] + cut[1])}
    if binary:
        out = {"rt": rt, **out}
    return out


def fit(texts: list[str], labels: list[str], setting: dict) -> object:
    """An unquantised fastText model for one setting."""
    import fasttext

    minn, maxn = setting["minn_maxn"]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as handle:
        for text, label in zip(texts, labels, strict=True):
            handle.write(f"{PREFIX}{label} {fasttext_line(text, 'words')}\n")
        handle.flush()
        return fasttext.train_supervised(
            input=handle.name, epoch=setting["epoch"], lr=setting["lr"], dim=50, thread=1,
            wordNgrams=setting["wordNgrams"], minn=minn, maxn=maxn, bucket=200_000, verbose=0)


def accuracy(model: object, texts: list[str], labels: list[str]) -> float:
    """Share of ``texts`` whose top label is the gold one."""
    got, _ = model.predict([fasttext_line(t, "words") for t in texts])
    return sum(g[0] == PREFIX + y for g, y in zip(got, labels, strict=True)) / len(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--three-way", action="store_true")
    args = parser.parse_args()
    binary = not args.three_way
    rt_val = data.load("validation", "rt")
    tw_val = data.load("validation", "tweets", binary=binary)
    print("| mix | epoch | lr | wordNgrams | char n-grams | RT val | tweets val | mean |")
    print("|---|---|---|---|---|---|---|---|")
    best = None
    for mix, (texts, labels) in mixes(binary).items():
        for values in product(*GRID.values()):
            setting = dict(zip(GRID, values, strict=True))
            try:
                model = fit(texts, labels, setting)
            except RuntimeError:  # fastText's loss turned NaN at this learning rate
                print(f"| {mix} | {setting['epoch']} | {setting['lr']} | "
                      f"{setting['wordNgrams']} | {setting['minn_maxn']} | diverged | | |")
                continue
            rt, tw = accuracy(model, *rt_val), accuracy(model, *tw_val)
            mean = (rt + tw) / 2
            minn, maxn = setting["minn_maxn"]
            chars = f"{minn}-{maxn}" if minn else "-"
            print(f"| {mix} | {setting['epoch']} | {setting['lr']} | {setting['wordNgrams']} | "
                  f"{chars} | {rt:.4f} | {tw:.4f} | {mean:.4f} |", flush=True)
            if best is None or mean > best[0]:
                best = (mean, mix, setting)
    print(f"\nbest on validation: {best[1]} {best[2]} (mean accuracy {best[0]:.4f})")


if __name__ == "__main__":
    main()
