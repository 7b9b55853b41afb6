"""The docs cannot drift: every ``>>>`` session in README.md and docs/*.md runs and its shown
outputs match (scripts/docs_snippets.py, normalised as its docstring says); blocks marked
``<!-- doc-subprocess [VENV] -->`` run in a fresh process (of a side venv: ultralytics, PaddleOCR)
and are checked the same way; a python block that is a file's source is imported by a session;
any other python block would have to be a named, justified exception (``NOT_RUN``) and at least
compile; docs/cli.md names every subcommand."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from serve_support import ROOT
from side_venvs import require_side_python


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


#: (page, venv) for every group of ``doc-subprocess`` blocks: one process per group.
SUBPROCESS_GROUPS = [(p, venv) for p in RUNNER.doc_files()
                     for venv in RUNNER.subprocess_groups(p.read_text(encoding="utf-8"))]


@pytest.mark.slow
@pytest.mark.parametrize("path,venv", [
    pytest.param(p, v, marks=pytest.mark.ray) if p.name in NEEDS_RAY else (p, v)
    for p, v in SUBPROCESS_GROUPS
], ids=lambda x: x.name if isinstance(x, Path) else (x or "python"))
def test_blocks_in_their_own_process_print_what_the_docs_show(path: Path,
                                                              venv: str | None) -> None:
    """A side venv that is missing skips (fails in CI: tests/side_venvs.py)."""
    if venv is not None:
        require_side_python(venv)
    drifts, _ = RUNNER.run_subprocess_group(path, venv)
    assert not drifts, ("\n".join(map(str, drifts))
                        + "\nrefresh with: python scripts/docs_snippets.py --update")


def test_the_side_venv_blocks_are_found() -> None:
    """The pages that need another venv are run through it (a typo in a marker would otherwise
    turn a block into an unrun one, which the next test reports too)."""
    venvs = {(p.name, v) for p, v in SUBPROCESS_GROUPS}
    assert {("ocr.md", ".venv-paddleocr"), ("detection.md", ".venv-ultralytics"),
            ("scale-out.md", None)} <= venvs


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


SUBPROCESS_PAGE = """<!-- doc-setup
import os
parent = os.getpid()
-->
```python
>>> os.getpid() == parent
True
```

<!-- doc-subprocess
import os
open("made.txt", "w").write("made by the hidden code")
-->
```python
>>> open("made.txt").read(), os.getpid() == parent_pid
('made by the hidden code', False)
>>> 1 + 1
3
```

<!-- doc-subprocess -->
```python
here = os.getcwd()    # plain code: it must run without raising
1 / 0
```
"""


def test_a_subprocess_block_runs_in_its_own_process(tmp_path: Path) -> None:
    """Its hidden code runs first in that process; a wrong output and a raising plain block are
    drifts; ``--update`` rewrites the output; the page's own sessions never see the block."""
    page = tmp_path / "page.md"
    page.write_text(SUBPROCESS_PAGE.replace("parent_pid", str(os.getpid())), encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    assert len(RUNNER.sessions(text)) == 1 and RUNNER.unrun_blocks(text) == []
    assert list(RUNNER.subprocess_groups(text)) == [None]
    assert RUNNER.run_file(page)[0] == []  # only the in-process session ran
    drifts, updated = RUNNER.run_subprocess_group(page, None)
    assert [(d.source.strip(), d.shown.strip(), d.printed.strip()) for d in drifts] == [
        ("1 + 1", "3", "2"),
        ("here = os.getcwd()    # plain code: it must run without raising",
         "(runs without error)", "raised ZeroDivisionError: division by zero")]
    assert ">>> 1 + 1\n2\n" in updated and "('made by the hidden code', False)" in updated


def _left_behind(tmp_path: Path, block: str, timeout: float) -> tuple[list[Any], bool]:
    """Run a page whose hidden code starts ``sleep 300`` (holding the process's output, as a Ray
    node would) before ``block``; the drifts, and whether that ``sleep`` still runs after."""
    pid_file = tmp_path / "child.pid"
    page = tmp_path / "page.md"
    page.write_text(f"""<!-- doc-subprocess
import subprocess, time
child = subprocess.Popen(["sleep", "300"])
open({str(pid_file)!r}, "w").write(str(child.pid))
-->
```python
{block}
```
""", encoding="utf-8")
    drifts, _ = RUNNER.run_subprocess_group(page, None, timeout=timeout)
    stat = Path(f"/proc/{int(pid_file.read_text())}/stat")
    # gone, or a zombie waiting for whoever inherited it to reap it
    return drifts, stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_what_a_subprocess_block_started_goes_with_it(tmp_path: Path) -> None:
    started = time.monotonic()
    drifts, alive = _left_behind(tmp_path, ">>> 1 + 1\n2", timeout=120)
    assert drifts == [] and not alive
    assert time.monotonic() - started < 100  # at its end, not after the timeout


def test_a_hung_subprocess_block_is_killed_with_what_it_started(tmp_path: Path) -> None:
    """After the timeout the block's process group goes, children included, and the page fails
    saying so."""
    drifts, alive = _left_behind(tmp_path, ">>> time.sleep(300)", timeout=6)
    assert len(drifts) == 1 and "did not finish within 6 s and was killed" in drifts[0].printed
    assert not alive


def test_a_missing_side_venv_names_the_step_that_makes_it(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "page.md"
    page.write_text("<!-- doc-subprocess .venv-paddleocr -->\n```python\nimport paddle\n```\n",
                    encoding="utf-8")
    monkeypatch.setenv("TASKZOO_PADDLEOCR_PYTHON", str(tmp_path / "no" / "python"))
    with pytest.raises(RUNNER.MissingPython, match=r"bash scripts/setup\.d/45-paddleocr\.sh"):
        RUNNER.run_subprocess_group(page, ".venv-paddleocr")


@pytest.mark.parametrize("ci,opt_out,outcome", [
    ("", "0", "skip"), ("true", "0", "fail"), ("true", "1", "skip"),
])
def test_a_missing_side_venv_skips_except_in_ci(ci: str, opt_out: str, outcome: str,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("TASKZOO_SKIP_ULTRALYTICS", opt_out)
    monkeypatch.setenv("TASKZOO_ULTRALYTICS_PYTHON", str(tmp_path / "python"))
    expected = pytest.fail.Exception if outcome == "fail" else pytest.skip.Exception
    with pytest.raises(expected, match=r"40-detection\.sh"):
        require_side_python(".venv-ultralytics")
    (tmp_path / "python").touch()
    assert require_side_python(".venv-ultralytics") == tmp_path / "python"


def test_cli_md_names_every_subcommand() -> None:
    from taskzoo.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    table = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split("## ")[0]
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"`taskzoo {name}" in table, f"docs/cli.md's table lacks `taskzoo {name}`"
