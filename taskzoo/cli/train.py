"""``taskzoo train TASK DATA --method M --output DIR``: train your own classifier or entity
model."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

EXAMPLE = """examples:
  taskzoo train text-classification tickets.csv --output ticket-model
  taskzoo train sentiment reviews.jsonl --method lora --output my-sentiment --option epochs=2
  taskzoo train spam messages.csv --method head --text-column body --label-column is_spam \\
      --output my-spam
  taskzoo run text-classification 'my printer is on fire' --model ticket-model
  taskzoo train ner spans.jsonl --rehearsal plain-sentences.txt --output ner-model
  taskzoo run ner 'Start metformin 500 mg' --model ner-model
  taskzoo train ner spans.jsonl --method minilm --output ner-minilm

DATA is a CSV/TSV/JSONL file with a text and a label column; for ner, a JSONL file of
{"text", "entities": [[start, end, label], ...]} or a CoNLL/BIO token file. The model directory
holds a card.json with labels, held-out metrics and sha256 of every file."""


def register(subparsers: Any) -> None:
    """Add the ``train`` subcommand."""
    parser = subparsers.add_parser(
        "train", help="train a text classifier (fasttext, static, head or lora) or an entity "
                      "model (ner)",
        description="Train a classifier on labelled texts and write a model directory that "
                    "`taskzoo run TASK --model DIR` and taskzoo.load(TASK, model=DIR) serve.",
        epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("task", help="text-classification, sentiment, spam, ner or detection")
    parser.add_argument("data", help="training data: .csv, .tsv or .jsonl (detection: its "
                                     "dataset YAML)")
    parser.add_argument("--output", required=True, help="model directory to create")
    from taskzoo.train import METHODS, NER_METHODS  # light: training libraries load when used

    parser.add_argument("--method", default=None, choices=(*METHODS, *NER_METHODS),
                        help="fasttext (default): seconds; static: static MiniLM token vectors + "
                             "logistic regression (knows words your data lacks); head: MiniLM "
                             "embeddings + logistic regression; lora: fine-tune MiniLM "
                             "(slowest, most accurate); ner: spacy (default, torch-free) or minilm "
                             "(token classifier on MiniLM: needs the [train] extra to train, "
                             "serves on ONNX Runtime)")
    parser.add_argument("--validation", help="separate validation file (default: 10%% of DATA)")
    parser.add_argument("--test", help="separate test file (default: 10%% of DATA)")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--base-model", default="all-minilm-l6-v2",
                        help="encoder for head/lora: embeddings model name or local folder; "
                             "ner: the spaCy model to start from (default spacy-en-core-web-sm)")
    parser.add_argument("--new-labels-only", action="store_true",
                        help="ner: train only the labels in DATA (keep_base_labels=False)")
    parser.add_argument("--rehearsal", metavar="FILE",
                        help="ner: unlabelled texts, one per line, that the base model labels "
                             "so its own types are rehearsed")
    parser.add_argument("--snap", action="store_true",
                        help="ner: widen spans that miss token boundaries instead of refusing")
    parser.add_argument("--positive-label", help="binary tasks: class the threshold applies to")
    parser.add_argument("--short-text-chars", type=int, metavar="N",
                        help="binary tasks: a separate threshold for texts of at most N "
                             "characters (e.g. SMS beside e-mail)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--overwrite", action="store_true", help="replace --output if it exists")
    parser.add_argument("-o", "--option", action="append", default=[], metavar="KEY=VALUE",
                        help="method hyper-parameter, e.g. epochs=3, lr=0.001 (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.set_defaults(func=train_command)


def train_command(args: argparse.Namespace) -> int:
    """Train and print the model directory and its held-out metrics."""
    from taskzoo.cli import parse_key_values
    from taskzoo.train import train

    options = parse_key_values(args.option)
    if args.task == "detection":
        path = train(args.task, args.data, output_dir=args.output, **options)
        print(path)
        return 0
    _check_output(Path(args.output).expanduser(), args.overwrite)
    if args.task == "ner":
        options.update(keep_base_labels=not args.new_labels_only, snap=args.snap)
        if args.rehearsal:
            options["rehearsal_texts"] = _lines(Path(args.rehearsal))
    path = train(
        args.task, args.data, method=args.method, output_dir=args.output,
        validation=args.validation, test=args.test, text_column=args.text_column,
        label_column=args.label_column, base_model=args.base_model,
        positive_label=args.positive_label, seed=args.seed, progress=not args.quiet,
        overwrite=args.overwrite, short_text_chars=args.short_text_chars, **options,
    )
    card_file = Path(path) / "card.json"
    test = json.loads(card_file.read_text()).get("metrics", {}).get("test", {}) \
        if card_file.exists() else {}
    print(json.dumps({"model": str(path), "test": test}))
    return 0


def _lines(path: Path) -> list[str]:
    from taskzoo.errors import InvalidInputError

    if not path.is_file():
        raise InvalidInputError(f"no rehearsal text file at {path}: one sentence per line")
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _check_output(target: Path, overwrite: bool) -> None:
    """Refuse an existing non-empty --output in the command line's words (the Python API says
    ``overwrite=True``), before any data is read."""
    from taskzoo.errors import InvalidInputError

    if target.exists() and not overwrite and (not target.is_dir() or any(target.iterdir())):
        raise InvalidInputError(f"{target} already exists and is not empty: pick a new --output "
                                "or pass --overwrite to replace it")
