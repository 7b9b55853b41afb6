"""Print the spam metrics tables (Markdown) for the model card.

    python tasks/spam/evaluate.py              # shipped models: quality, speed, memory
    python tasks/spam/evaluate.py --ablation   # what each training source adds (fastText)

Sets: the SpamAssassin test split (591 emails), the UCI SMS test split (453 messages) and the
hand-written check set (tests/data/spam_sms_check.jsonl, 132 messages, never trained on).
Speed is measured on the SMS test messages; numbers depend on the machine's load, which is
printed with them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data

from taskzoo.training.report import measure, measure_models, publish

SHIPPED = ("minilm-head", "fasttext")
QUALITY = [("model", "model"), ("email acc", "email.accuracy"), ("email F1(spam)", "email.f1_spam"),
           ("SMS test acc", "sms.accuracy"), ("SMS F1(spam)", "sms.f1_spam"),
           ("check-set acc", "check.accuracy"), ("check F1(spam)", "check.f1_spam"),
           ("check ECE", "check.ece")]
SPEED = [("model", "model"), ("threshold", "threshold"), ("texts/s b=1", "texts_per_s_batch1"),
         ("texts/s b=64", "texts_per_s_batch64"), ("load s", "load_seconds"),
         ("size MB", "size_mb"), ("peak RSS MB", "peak_rss_mb"), ("load avg", "load_average_1min")]


def sets() -> dict[str, tuple[list[str], list[str]]]:
    """The three evaluation sets."""
    return {"email": data.load("email", "test"), "sms": data.load("sms", "test"),
            "check": data.load_check_set()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ablation", action="store_true")
    parser.add_argument("--models", nargs="*", default=list(SHIPPED))
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    evaluation = sets()
    if args.ablation:
        rows = []
        for run in sorted((data.DATA / "runs").glob("fasttext-*")):
            row = measure("spam", str(run), evaluation, evaluation["sms"][0][:64])
            row["model"] = "fastText on " + run.name.removeprefix("fasttext-")
            rows.append(row)
        publish(rows, [QUALITY], args.json)
    else:
        rows = measure_models("spam", args.models, evaluation, evaluation["sms"][0])
        publish(rows, [QUALITY, SPEED], args.json)


if __name__ == "__main__":
    main()
