"""``taskzoo download [TASK...]``: fetch and verify model weights ahead of time.

Useful before going offline, or to fill a cache that is then copied to an air-gapped machine
(set ``TASKZOO_HOME`` to choose where it goes).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from taskzoo.errors import TaskZooError


def register(subparsers: Any) -> None:
    """Add the ``download`` subcommand."""
    from taskzoo.cli import NameList

    parser = subparsers.add_parser(
        "download", help="fetch and verify model weights now",
        description="Fetch (where needed) and verify the weights of models, so that later runs "
                    "need no network.",
        epilog="Example: taskzoo download detection asr --all-models",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("tasks", nargs="*", action=NameList,
                        help="tasks to prepare as 'a b' or 'a,b' (default: every task)")
    parser.add_argument("--all-models", action="store_true",
                        help="every model of each task, not only the default")
    parser.set_defaults(func=download_command)


def download_command(args: argparse.Namespace) -> int:
    """Locate (fetching where needed) each model's weights; 1 if any failed."""
    from taskzoo.registry import REGISTRY, import_object

    failed = 0
    for name in args.tasks or REGISTRY.task_names():
        spec = REGISTRY.task(name)
        cards = spec.models if args.all_models else spec.models[:1]
        for card in cards:
            if card.source is None:
                continue
            try:
                path = card.source.locate()
                fetch = getattr(import_object(card.backend), "fetch_weights", None)
                if fetch is not None:
                    fetch(path)
            except TaskZooError as exc:
                failed += 1
                print(f"FAIL {spec.name}/{card.name}: {exc}", file=sys.stderr)
                continue
            print(f"ok   {spec.name}/{card.name}: {path}")
    return 1 if failed else 0
