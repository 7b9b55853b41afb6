"""``taskzoo eval TASK [--models a,b] [--data FILE] [--limit N]``: compare models on one dataset."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``eval`` subcommand."""
    from taskzoo.cli import NameList

    parser = subparsers.add_parser(
        "eval", help="evaluate models of a task: quality, latency, memory, cost",
        description="Run every model of a task (or --models) on the same data and print one "
                    "table per task. TASK may be 'all' for every evaluable task.",
        epilog="Examples:\n  taskzoo eval sentiment --limit 200\n"
               "  taskzoo eval spam --models fasttext,smollm2-135m --data my.csv\n"
               "  taskzoo eval all --limit 100 --out docs/evaluation",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("task", help="task name, or 'all'")
    parser.add_argument("--models", nargs="+", default=None, action=NameList, metavar="MODEL",
                        help="models to compare, as 'a,b' or 'a b' (default: every model)")
    parser.add_argument("--data", default=None,
                        help="CSV / JSONL / JSON file or folder (default: the held-out split)")
    parser.add_argument("--limit", type=int, default=None, help="use the first N items")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--out", default=None, help="write JSON, Markdown and plots here")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    parser.add_argument("--no-isolate", action="store_true",
                        help="measure in this process (faster; no clean memory numbers)")
    parser.add_argument("--price-per-core-hour", type=float, default=None,
                        help="US$ per CPU core-hour (default 0.045, AWS c7i.large on-demand)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per model")
    parser.set_defaults(func=eval_command)


def eval_command(args: argparse.Namespace) -> int:
    """Evaluate and print; exit 1 when a model failed to run at all."""
    from taskzoo.evaluation import evaluable_tasks, evaluate
    from taskzoo.evaluation.data import EvaluationDataError
    from taskzoo.evaluation.report import write_summary

    tasks = evaluable_tasks() if args.task == "all" else [args.task]
    failed = False
    for task in tasks:
        try:
            report = evaluate(
                task, models=args.models, data=args.data, limit=args.limit,
                batch_size=args.batch_size, isolate=not args.no_isolate,
                price_per_core_hour=args.price_per_core_hour, timeout=args.timeout,
                output_dir=args.out, progress=True,
            )
        except EvaluationDataError as exc:
            if args.task != "all":
                raise
            # e.g. text-classification: it serves the user's own classifiers, so it ships no
            # held-out set of its own; 'all' goes on with the tasks that have one
            print(f"taskzoo eval: skipping {task}: {exc}", file=sys.stderr)
            continue
        failed = failed or any(m.error for m in report.models)
        if args.json:
            print(json.dumps(report.to_dict()))
        else:
            print(f"\n## {report.task} ({report.items} items from {report.data})\n")
            print(report.table())
        sys.stdout.flush()
    if args.out:
        print(f"\nreport written to {write_summary(Path(args.out))}", file=sys.stderr)
    return 1 if failed else 0
