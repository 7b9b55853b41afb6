#!/usr/bin/env python
"""Refresh every generated number in README.md and docs/*.md from the files that hold the
measurements (``--check``: exit 1 when a page differs from its sources).

One command for all generated doc content: README.md's tables (scripts/gen_readme_tables.py),
docs/models.md (scripts/gen_models_doc.py), generated sections, and the inline markers
``<!--m:KEY-->0.838<!--/m-->`` whose keys scripts/docgen/ maps to result files. See
scripts/docgen/__init__.py for the mechanism.

    python scripts/gen_docs.py            # rewrite the pages
    python scripts/gen_docs.py --check    # exit 1 on drift, naming the pages and markers
    python scripts/gen_docs.py --list     # every marker: page, key, value, source

Run after re-measuring (a results JSON changed) or after adding markers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docgen import markers, pages, registry
from docgen.sources import ROOT


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def drift(path: Path, current: str, wanted: str) -> list[str]:
    """The markers of a page whose text differs from their sources (or a note that something
    else generated differs)."""
    changed = [f"{_name(path)}:{m.line}: {m.key} is {m.text!r}, its source gives "
               f"{registry.text(m.key, m.fmt)!r}"
               for m in markers.markers(current) if m.text != registry.text(m.key, m.fmt)]
    return changed or [f"{_name(path)}: a generated table or section differs from its source"]


def listing() -> list[str]:
    """One line per marker: page:line, key, value, source."""
    lines = []
    for path in pages.pages():
        for m in markers.markers(path.read_text(encoding="utf-8")):
            number, _ = registry.lookup(m.key)
            lines.append(f"{_name(path)}:{m.line}\t{m.key}\t{m.text}\t{number.source}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Rewrite the pages, check them (``--check``) or list their markers (``--list``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that they are current")
    parser.add_argument("--list", action="store_true", help="list every marker and its source")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(listing()))
        return 0
    problems, stale = [], []
    for path in pages.pages():
        current = path.read_text(encoding="utf-8")
        problems += [f"{_name(path)}: {p}" for p in markers.problems(current)]
        if problems:
            continue
        wanted = pages.render(path, current)
        if wanted == current:
            continue
        if args.check:
            stale += drift(path, current, wanted)
        else:
            path.write_text(wanted, encoding="utf-8")
            print(f"wrote {_name(path)}")
    for line in problems + stale:
        print(line, file=sys.stderr)
    if stale:
        print("run: python scripts/gen_docs.py", file=sys.stderr)
    return 1 if problems or stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
