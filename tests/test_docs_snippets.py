"""The docs cannot drift: every ``>>>`` session in README.md and docs/*.md runs and its shown
outputs match (scripts/docs_snippets.py, normalised as its docstring says); a python block that
is a file's source is imported by a session; every other python block is a named, justified
exception (``NOT_RUN``) and at least compiles; docs/cli.md names every subcommand."""

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


#: Pages whose sessions need a local Ray (started by their doc-setup): marked like the other Ray
#: tests, so ``-m "not ray"`` leaves them out with them.
NEEDS_RAY = {"scale-out.md"}


@pytest.mark.slow
@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.ray) if p.name in NEEDS_RAY else p for p in WITH_SESSIONS
], ids=lambda p: p.name)
def test_sessions_print_what_the_docs_show(path) -> None:
    drifts, _ = RUNNER.run_file(path)
    assert not drifts, ("\n".join(map(str, drifts))
                        + "\nrefresh with: python scripts/docs_snippets.py --update")


@pytest.mark.parametrize("path", RUNNER.doc_files(), ids=lambda p: p.name)
def test_every_python_block_runs_or_is_a_named_exception(path) -> None:
    text = path.read_text(encoding="utf-8")
    unlisted = [f"{path.name}:{block.line}: {block.text.splitlines()[0]}"
                for block in RUNNER.unrun_blocks(text)
                if RUNNER.not_run_reason(path, block) is None]
    assert not unlisted, ("python blocks that neither run (a >>> session, or a file a session "
                          "imports) nor are listed in NOT_RUN (scripts/docs_snippets.py) with "
                          "the reason they cannot:\n" + "\n".join(unlisted))
    for block in RUNNER.python_blocks(text):
        if not re.search(r"^>>> ", block.text, re.M):
            compile(block.text, f"{path.name}:{block.line}", "exec")


def test_each_exception_names_one_shown_block_and_a_reason() -> None:
    files = {p.name: p.read_text(encoding="utf-8") for p in RUNNER.doc_files()}
    for (name, code), reason in RUNNER.NOT_RUN.items():
        assert name in files, f"NOT_RUN names {name}, which is not a docs page"
        matches = [b for b in RUNNER.unrun_blocks(files[name]) if code in b.text]
        assert len(matches) == 1, (f"NOT_RUN entry ({name}, {code!r}) matches {len(matches)} "
                                   "unrun blocks; it must name exactly one")
        assert len(reason.split()) >= 5, f"NOT_RUN entry ({name}, {code!r}) needs a reason"


def test_a_file_block_is_written_and_must_be_imported(tmp_path) -> None:
    """A page whose file block no session imports drifts; one that is imported runs."""
    page = tmp_path / "page.md"
    body = "```python\n# shout_mod.py\ndef shout(s):\n    return s.upper()\n```\n\n"
    page.write_text(body + "```python\n>>> 1 + 1\n2\n```\n", encoding="utf-8")
    drifts, _ = RUNNER.run_file(page)
    assert [d.printed for d in drifts] == ["no session of the page imported it\n"]
    page.write_text(body + "```python\n>>> from shout_mod import shout\n>>> shout('hi')\n'HI'\n"
                    "```\n", encoding="utf-8")
    drifts, _ = RUNNER.run_file(page)
    assert drifts == []
    assert "shout_mod" not in sys.modules  # forgotten after the page, like its folder


def test_cli_md_names_every_subcommand() -> None:
    from taskzoo.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    table = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split("## ")[0]
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"`taskzoo {name}" in table, f"docs/cli.md's table lacks `taskzoo {name}`"
