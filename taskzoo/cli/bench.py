"""``taskzoo bench [TASK...]``: import time, load time, throughput and taskzoo's overhead."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``bench`` subcommand."""
    from taskzoo.cli import NameList

    parser = subparsers.add_parser(
        "bench", help="benchmark each task's default model (speed, overhead)",
        description="For each task's default model (each in a fresh process): load time, "
                    "items/s at batch 1/8/64, and taskzoo's overhead over calling the library "
                    "directly on the same inputs.",
        epilog="Example: taskzoo bench langid ner --out docs/benchmarks.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("tasks", nargs="*", action=NameList,
                        help="tasks to benchmark as 'a b' or 'a,b' (default: all)")
    parser.add_argument("--out", default=None, help="write the Markdown report here")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.set_defaults(func=bench_command)


def bench_command(args: argparse.Namespace) -> int:
    """Run the benchmarks and print them."""
    from taskzoo.bench import markdown, run

    result = run(args.tasks or None, args.out)
    if args.json:
        print(json.dumps(result))
    else:
        print(markdown(result["import_s"], result["tasks"], result["machine"]))
    return 1 if any("error" in r for r in result["tasks"]) else 0
