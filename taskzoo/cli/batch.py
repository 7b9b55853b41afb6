"""``taskzoo batch TASK --input DATA --output OUT``: a whole dataset, on Ray or in-process."""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXAMPLE = """examples:
  taskzoo batch sentiment --input reviews.parquet --output scored.parquet --workers 2
  taskzoo batch embeddings --input texts.jsonl --output vectors.parquet --engine local
  taskzoo batch ocr --input scans/ --output pages.parquet --model ppocrv6-small
  taskzoo batch asr --input calls/ --output out/ --address auto     # a folder: one file/block

Output: the input's columns (minus image/audio bytes), one column per result field (nested
ones as JSON), and `error` (empty unless that row failed), one row per input row, in order.

exit codes: 0 every row done, 1 some rows failed (see the error column), 2 usage error."""


def register(subparsers: Any) -> None:
    """Add the ``batch`` subcommand."""
    parser = subparsers.add_parser(
        "batch", help="run a task over a dataset (Parquet/CSV/JSONL/folder) into Parquet",
        description="Run a task over every row of a dataset, on Ray Data actors or in this "
                    "process, and write the results as Parquet.",
        epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_batch_arguments(parser, with_task=True)
    parser.set_defaults(func=batch_command)


def add_batch_arguments(parser: argparse.ArgumentParser, with_task: bool) -> None:
    """The batch options. ``with_task=False`` is for ``taskzoo run``, which has its own TASK,
    --model and --batch-size: it adds the rest and calls :func:`batch_command` when --input is
    given."""
    if with_task:
        parser.add_argument("task", help="task name or alias (see `taskzoo list`)")
        parser.add_argument("--model", default=None, help="model name or local path")
        parser.add_argument("--batch-size", type=int, default=64, help="rows per model call")
    parser.add_argument("--input", required=with_task, metavar="DATA",
                        help=".parquet, .csv, .jsonl file, or a folder of files")
    parser.add_argument("--output", required=with_task, metavar="OUT",
                        help="a .parquet file (in input order) or a folder (one file per block)")
    parser.add_argument("--engine", choices=("ray", "local"), default="ray",
                        help="ray: actors on a local Ray or a cluster (default); local: this "
                             "process")
    parser.add_argument("--workers", type=int, default=2, help="Ray actors (model copies)")
    parser.add_argument("--column", default=None,
                        help="the input column (default: guessed: text, image, bytes, path...)")
    parser.add_argument("--id-column", default=None,
                        help="a column identifying rows, kept in the output (default: a `row` "
                             "number; `path` for folders)")
    parser.add_argument("--fail-fast", action="store_true",
                        help="stop at the first failing row instead of recording it")
    parser.add_argument("--address", default=None,
                        help="Ray cluster address ('auto' after `ray start --head`)")
    parser.add_argument("--cpus-per-worker", type=float, default=None,
                        help="CPUs Ray reserves per actor (default 0.5)")
    parser.add_argument("--gpus-per-worker", type=float, default=0,
                        help="GPUs Ray reserves per actor (default 0)")


def batch_command(args: argparse.Namespace) -> int:
    """Run :func:`taskzoo.batch` with the parsed options; print a one-line report on stderr."""
    from taskzoo.cli import EXIT_FAILED, EXIT_OK
    from taskzoo.engines.batch import batch
    from taskzoo.engines.ray import DEFAULT_ACTOR_CPUS

    report = batch(
        args.task, args.input, args.output, engine=args.engine, model=args.model,
        column=args.column, id_column=args.id_column, workers=args.workers,
        batch_size=args.batch_size, on_error="raise" if args.fail_fast else "record",
        address=args.address, num_cpus=args.cpus_per_worker or DEFAULT_ACTOR_CPUS,
        num_gpus=args.gpus_per_worker,
    )
    print(report, file=sys.stderr)
    return EXIT_FAILED if report.errors else EXIT_OK
