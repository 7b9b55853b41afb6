"""The ``taskzoo`` command line (also ``python -m taskzoo``).

Each subcommand lives in its own module in this package and exposes
``register(subparsers) -> None``; the module adds its parser and sets ``func`` (a callable taking
the parsed ``argparse.Namespace`` and returning an exit code). Modules are found automatically,
so a new subcommand is a new file.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from typing import Any

from taskzoo import __version__
from taskzoo.errors import InvalidInputError, TaskZooError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parse_key_values(pairs: list[str]) -> dict[str, Any]:
    """``["k=3", "labels=PERSON"]`` as ``{"k": 3, "labels": "PERSON"}``: each VALUE is read as
    JSON when it parses, else kept as a string (the ``--option KEY=VALUE`` flags)."""
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key:
            raise InvalidInputError(f"--option takes KEY=VALUE, got {pair!r}")
        try:
            options[key] = json.loads(text)
        except ValueError:
            options[key] = text
    return options


def split_names(values: str | list[str] | None) -> list[str]:
    """Names given as ``a,b``, ``a b`` or both (``a,b c``), in order, without repeats or blanks."""
    if values is None:
        return []
    items = [values] if isinstance(values, str) else values
    names = [name.strip() for item in items for name in item.split(",")]
    return [*dict.fromkeys(name for name in names if name)]  # (`list` is the cli.list module here)


class NameList(argparse.Action):
    """An argparse action for list options: ``--tasks a,b``, ``--tasks a b`` and repeats of the
    option all add to one list (see :func:`split_names`)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        before = getattr(namespace, self.dest, None) or []
        setattr(namespace, self.dest, split_names([*before, *split_names(values)]))


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="taskzoo",
        description="Small task-specific models behind one uniform interface.",
        epilog="Example: taskzoo run langid 'bonjour tout le monde'",
    )
    parser.add_argument("--version", action="version", version=f"taskzoo {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 some inputs failed, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code = int(args.func(args) or EXIT_OK)
        sys.stdout.flush()  # a closed pipe shows up here, not at interpreter exit
        return code
    except TaskZooError as exc:
        print(f"taskzoo: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `taskzoo list | head`: the reader has all it wants
        _silence_stdout()
        return EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush cannot raise again on the dead pipe."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (e.g. captured by a test)
        pass
    finally:
        os.close(devnull)
