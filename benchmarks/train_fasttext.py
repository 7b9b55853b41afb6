"""Time of ``taskzoo.train(..., method="fasttext")`` end to end, and of its quantisation step
with the old fixed ``cutoff=50000`` versus the cutoff capped by the data's feature count.

Data: the committed SMS sample (tests/data/classify/sms_sample.jsonl, 200 spam + 200 ham), at
48 texts (24 + 24) and all 400. Usage::

    nice -n 10 python benchmarks/train_fasttext.py --json benchmarks/results/train_fasttext.json

Numbers go into docs/training.md, never into tests.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import warnings
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "classify" / "sms_sample.jsonl"


def pairs(n: int) -> list[tuple[str, str]]:
    """``n`` (text, label) pairs, half spam and half ham."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    by = {lab: [(r["text"], r["label"]) for r in rows if r["label"] == lab]
          for lab in ("spam", "ham")}
    return by["spam"][: n // 2] + by["ham"][: n // 2]


def end_to_end(data: list[tuple[str, str]]) -> float:
    """Seconds of one ``taskzoo.train`` call (split, train, quantise, calibrate, measure)."""
    import taskzoo

    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        taskzoo.train("text-classification", data, method="fasttext",
                      output_dir=Path(tmp) / "m", progress=False)
        return time.perf_counter() - start


def quantise_step(data: list[tuple[str, str]], cutoff: int) -> float:
    """Seconds of fastText's ``quantize`` alone at ``cutoff``, after the default training."""
    import fasttext

    from taskzoo.backends.fasttext import PREFIX, fasttext_line
    from taskzoo.training.fasttext_method import DEFAULTS

    opts = {k: v for k, v in DEFAULTS.items() if k not in ("quantize", "cutoff")}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "train.txt"
        path.write_text("".join(f"{PREFIX}{lab} {fasttext_line(t, 'words')}\n" for t, lab in data),
                        encoding="utf-8")
        model = fasttext.train_supervised(input=str(path), thread=1, verbose=0, **opts)
        start = time.perf_counter()
        model.quantize(input=str(path), qnorm=True, retrain=True, cutoff=cutoff, thread=1,
                       verbose=0)
        return time.perf_counter() - start


def main() -> None:
    """Measure and print (and optionally save) the timings."""
    from taskzoo.backends.fasttext import fasttext_line
    from taskzoo.training.fasttext_method import DEFAULTS, MIN_CUTOFF, feature_count

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    results = []
    for n in (48, 400):
        data = pairs(n)
        features = feature_count([fasttext_line(t, "words") for t, _ in data], DEFAULTS)
        capped = min(DEFAULTS["cutoff"], max(MIN_CUTOFF, features))
        row = {"texts": n, "features": features, "cutoff_now": capped,
               "train_seconds_now": round(end_to_end(data), 2),
               "quantise_seconds_cutoff_50000": round(quantise_step(data, 50_000), 2),
               "quantise_seconds_now": round(quantise_step(data, capped), 2)}
        print(row, flush=True)
        results.append(row)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
