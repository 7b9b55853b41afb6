"""The docs cannot drift: every ``>>>`` session in README.md and docs/*.md runs and its shown
outputs match (scripts/docs_snippets.py, normalised as its docstring says); every other python
block at least compiles; docs/cli.md names every subcommand."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest
from serve_support import ROOT


def load_runner():
    spec = importlib.util.spec_from_file_location("docs_snippets",
                                                  ROOT / "scripts" / "docs_snippets.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["docs_snippets"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


RUNNER = load_runner()
WITH_SESSIONS = [p for p in RUNNER.doc_files()
                 if RUNNER.sessions(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("shown,printed,same", [
    ("Label(label='de', score=0.9996, scores=None)",
     "Label(label='de', score=0.99993, scores=None)", True),          # 3rd-4th decimal moves
    ("[(0, 0.611), (2, 0.298)]   # a comment", "[(0, 0.6110736), (2, 0.2976)]", True),
    ("Box(x1=216.9, y1=393.8)", "Box(x1=219.0, y1=390.1)", True),  # 2 % of a coordinate
    ("Label(label='positive', score=0.86)", "Label(label='positive', score=0.99)", False),
    ("Label(label='positive', score=0.86)", "Label(label='negative', score=0.86)", False),
    ("Label(label='de', score=0.9)", "Label(label='de', score=0.9, scores=None)", False),
    ("00:00:08,720", "00:00:09,000", False),                           # integers are exact
    ("(3, 384)", "(3,\n 384)", True),                                  # whitespace
])
def test_the_normalisation(shown: str, printed: str, same: bool) -> None:
    assert RUNNER.outputs_match(shown, printed) is same


def test_the_readme_tour_is_checked() -> None:
    assert ROOT / "README.md" in WITH_SESSIONS
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sum(block.text.count(">>> ") for block in RUNNER.sessions(text)) >= 30


@pytest.mark.slow
@pytest.mark.parametrize("path", WITH_SESSIONS, ids=lambda p: p.name)
def test_sessions_print_what_the_docs_show(path) -> None:
    drifts, _ = RUNNER.run_file(path)
    assert not drifts, ("\n".join(map(str, drifts))
                        + "\nrefresh with: python scripts/docs_snippets.py --update")


@pytest.mark.parametrize("path", RUNNER.doc_files(), ids=lambda p: p.name)
def test_every_other_python_block_compiles(path) -> None:
    text = path.read_text(encoding="utf-8")
    for match in re.finditer(r"^```python[^\n]*\n(.*?)^```", text, re.S | re.M):
        code = match.group(1)
        if re.search(r"^>>> ", code, re.M):
            continue
        line = text.count("\n", 0, match.start()) + 2
        compile(code, f"{path.name}:{line}", "exec")


def test_cli_md_names_every_subcommand() -> None:
    from taskzoo.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    table = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split("## ")[0]
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"`taskzoo {name}" in table, f"docs/cli.md's table lacks `taskzoo {name}`"
