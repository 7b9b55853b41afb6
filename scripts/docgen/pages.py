"""Every generated part of every page: README.md's tables (scripts/gen_readme_tables.py),
docs/models.md (scripts/gen_models_doc.py), the generated sections of docs/*.md (below), and
the inline markers of README.md and docs/*.md (:mod:`docgen.markers`).

A generated section sits between ``<!-- generated: NAME (scripts/gen_docs.py) -->`` and
``<!-- end generated: NAME -->``; :data:`SECTIONS` maps each NAME to the function writing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import gen_models_doc
import gen_readme_tables

from docgen import markers
from docgen.sources import ROOT, load

README = ROOT / "README.md"
MODELS = ROOT / "docs" / "models.md"


def pages() -> list[Path]:
    """README.md and every docs/*.md page, the files this mechanism covers."""
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


def bench_section() -> str:
    """The `taskzoo bench` report (benchmarks/results/bench.json) as `taskzoo bench --out`
    writes it, without its title."""
    from taskzoo.bench import markdown

    data = load("benchmarks/results/bench.json")
    page = markdown(data["import_s"], data["tasks"], data["machine"])
    return page.split("\n", 2)[2].rstrip("\n")


SECTIONS: dict[str, Callable[[], str]] = {"bench": bench_section}
_SECTION = re.compile(r"(<!-- generated: (?P<name>[\w-]+) \(scripts/gen_docs\.py\) -->\n)"
                      r"(?P<body>.*?)(<!-- end generated: (?P=name) -->)", re.S)


def render_sections(text: str) -> str:
    """``text`` with every generated section rewritten; ValueError for an unknown name."""
    def body(m: re.Match[str]) -> str:
        if m["name"] not in SECTIONS:
            raise ValueError(f"no generated section {m['name']!r} (known: {', '.join(SECTIONS)})")
        return f"{m.group(1)}{SECTIONS[m['name']]()}\n{m.group(4)}"
    return _SECTION.sub(body, text)


def render(path: Path, text: str) -> str:
    """What page ``path``, now holding ``text``, should hold."""
    if path == MODELS:
        return str(gen_models_doc.render())
    if path == README:
        text = gen_readme_tables.render(text)
    return markers.render(render_sections(text))
