"""``taskzoo run TASK INPUT...``: run a task on texts, files, folders, globs or stdin."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from itertools import islice
from typing import Any

EXAMPLE = """examples:
  taskzoo run langid 'bonjour tout le monde'
  taskzoo run sentiment reviews/*.txt --json          # one JSON line per file
  taskzoo run ocr scans/ --model rapidocr             # every file in a folder
  cat texts.txt | taskzoo run ner -                   # one text per line
  taskzoo run spam - --field text < messages.jsonl    # JSONL: take each line's "text"
  taskzoo run sentiment reviews.csv --field review    # one result per row of a table
  taskzoo run langid 'hallo welt' -o k=3              # a model option: the top 3 languages
  taskzoo run sentiment --input reviews.parquet --output scored.parquet --engine ray --workers 2

exit codes: 0 all inputs done, 1 some inputs failed (each reported; the rest still run),
2 usage error (unknown task or model, missing extra, bad option)."""


def register(subparsers: Any) -> None:
    """Add the ``run`` subcommand."""
    parser = subparsers.add_parser(
        "run", help="run a task on texts or files",
        description="Run a task on literal texts, files, folders, globs or - (stdin). Results "
                    "go to stdout (human lines, or JSON Lines with --json); progress and errors "
                    "go to stderr.",
        epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("task", help="task name or alias (see `taskzoo list`)")
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="text, file, folder, glob, or - to read stdin")
    parser.add_argument("--model", default=None, help="model name or local path (default: "
                                                      "the task's default model)")
    parser.add_argument("--batch-size", type=int, default=32, help="inputs per model call")
    parser.add_argument("-o", "--option", action="append", default=[], metavar="KEY=VALUE",
                        help="per-call model option, e.g. -o k=3 (langid) or -o conf=0.5 "
                             "(detection); VALUE is read as JSON when it parses (repeatable)")
    parser.add_argument("--json", action="store_true",
                        help='print JSON Lines: {"input": NAME, "result": ...}')
    parser.add_argument("--field", default=None,
                        help="take each input from this field (column) of every line of "
                             "JSON Lines on stdin, or every row of a .csv/.tsv/.jsonl/.parquet "
                             "INPUT file")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show a progress bar on stderr")
    bar.add_argument("--no-progress", dest="progress", action="store_false",
                     help="never show one (default: shown on a terminal for many inputs)")
    from taskzoo.cli.batch import add_batch_arguments

    add_batch_arguments(parser, with_task=False)  # --input/--output: a dataset, as `batch`
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    """Run the task on every input; print one result (or error) per input, in order.

    With ``--input DATA --output OUT`` it runs over a whole dataset instead (see ``batch``).
    """
    from taskzoo.errors import InvalidInputError

    if args.input or args.output:
        if not (args.input and args.output) or args.inputs:
            raise InvalidInputError("dataset mode takes --input DATA and --output OUT, and no "
                                    "INPUT arguments")
        from taskzoo.cli.batch import batch_command

        return batch_command(args)
    if not args.inputs:
        raise InvalidInputError("give at least one INPUT (text, file, folder, glob or -), or "
                                "--input DATA --output OUT for a dataset")
    from taskzoo.api import pipeline_for
    from taskzoo.cli import EXIT_FAILED, EXIT_OK, parse_key_values
    from taskzoo.cli._inputs import expand

    if args.batch_size < 1:
        from taskzoo.errors import InvalidInputError

        raise InvalidInputError(f"--batch-size must be at least 1, got {args.batch_size}")
    options = parse_key_values(args.option)
    pipe = pipeline_for(args.task, args.model)  # the process-wide one: loaded once per process
    inputs = _peeked(expand(args.inputs, pipe.spec.input_kind, args.field))  # usage errors first
    backend = pipe.load()  # a missing extra or bad weights is a usage error, reported once
    unknown = set(options) - backend.call_options
    if unknown:
        from taskzoo.errors import InvalidInputError

        accepted = ", ".join(sorted(backend.call_options)) or "none"
        raise InvalidInputError(f"unknown option(s) {', '.join(sorted(unknown))} for "
                                f"{pipe.task} model {pipe.card.name!r}; accepted: {accepted}")
    printer = _Printer(as_json=args.json, named=_named(args.inputs))
    bar = _progress(args, pipe.task)
    failures = done = 0
    try:
        for batch in _batches(inputs, args.batch_size):
            for name, outcome in _run_batch(pipe, batch, options):
                failures += printer.emit(name, outcome)
                done += 1
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()
    sys.stdout.flush()
    if not done:
        print("taskzoo: no inputs (stdin or the folders/globs given were empty); nothing to do",
              file=sys.stderr)
    if failures:
        print(f"taskzoo: {failures} input(s) failed (see above); the others were processed",
              file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK


def _run_batch(pipe: Any, batch: list[tuple[str, Any]],
               options: dict[str, Any]) -> list[tuple[str, Any]]:
    """Results (or exceptions) for one batch; a failure is narrowed down to its own input."""
    from taskzoo.cli._inputs import Failed

    outcomes: list[Any] = [value.error if isinstance(value, Failed) else None
                           for _, value in batch]
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    try:
        results = pipe.predict_batch([batch[i][1] for i in todo], **options)
    except Exception:  # run one by one to find which inputs fail
        results = []
        for i in todo:
            try:
                results.append(pipe.predict_batch([batch[i][1]], **options)[0])
            except Exception as exc:
                results.append(exc)
    for i, result in zip(todo, results, strict=True):
        outcomes[i] = result
    return [(name, outcome) for (name, _), outcome in zip(batch, outcomes, strict=True)]


class _Printer:
    """Writes results to stdout and failures to stderr (and to stdout as JSON with --json)."""

    def __init__(self, as_json: bool, named: bool) -> None:
        self.as_json = as_json
        self.named = named

    def emit(self, name: str, outcome: Any) -> int:
        """Print one outcome; return 1 if it is a failure, else 0."""
        from taskzoo.serialize import dumps

        if isinstance(outcome, Exception):
            kind = type(outcome).__name__ if _ours(outcome) else "Error"
            print(f"taskzoo: {name}: {kind}: {outcome}", file=sys.stderr)
            if self.as_json:
                print(dumps({"input": name, "error": {"type": kind, "message": str(outcome)}}))
            return 1
        if self.as_json:
            print(dumps({"input": name, "result": outcome}))
        else:
            from taskzoo.cli._format import summary

            line = summary(outcome)
            print(f"{name}\t{line}" if self.named else line)
        return 0


def _ours(exc: Exception) -> bool:
    from taskzoo.errors import TaskZooError

    return isinstance(exc, TaskZooError)


def _named(args: list[str]) -> bool:
    """Prefix human output with the input's name unless there is one literal text."""
    from pathlib import Path

    return len(args) > 1 or args[0] == "-" or Path(args[0]).expanduser().exists() or any(
        m in args[0] for m in "*?[")


def _peeked(items: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """``items`` with its first element read now, so a usage error in the inputs (a table
    without ``--field``) is raised before the model loads."""
    from itertools import chain

    first = list(islice(items, 1))
    return chain(first, items)


def _batches(items: Iterator[tuple[str, Any]], size: int) -> Iterator[list[tuple[str, Any]]]:
    while batch := list(islice(items, size)):
        yield batch


def _progress(args: argparse.Namespace, task: str) -> Any:
    show = args.progress
    if show is None:
        many = "-" in args.inputs or len(args.inputs) > args.batch_size or any(
            not _is_literal(a) for a in args.inputs)
        show = many and sys.stderr.isatty()
    if not show:
        return None
    from tqdm.auto import tqdm

    return tqdm(desc=task, unit=" inputs", file=sys.stderr)


def _is_literal(arg: str) -> bool:
    from pathlib import Path

    return not Path(arg).expanduser().exists() and not any(m in arg for m in "*?[")
