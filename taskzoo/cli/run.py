"""``taskzoo run TASK INPUT...``: run a task on texts or files and print the results."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``run`` subcommand."""
    parser = subparsers.add_parser(
        "run", help="run a task on inputs",
        description="Run a task on literal texts or files.",
        epilog="Example: taskzoo run langid 'bonjour tout le monde' --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("task")
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", action="store_true", help="print JSON Lines")
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    """Run the task on each input, printing one result per line."""
    from taskzoo.api import load

    pipe = load(args.task, args.model)
    for item in args.inputs:
        result = pipe(item)
        print(json.dumps({"input": item, "result": _plain(result)}) if args.json else result)
    sys.stdout.flush()
    return 0


def _plain(result: Any) -> Any:
    if hasattr(result, "to_dict"):
        return result.to_dict()
    if isinstance(result, list):
        return [_plain(r) for r in result]
    if hasattr(result, "tolist"):
        return result.tolist()
    return result
