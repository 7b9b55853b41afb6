"""Run the ``>>>`` sessions in README.md and docs/*.md, and check (or rewrite) their outputs.

Every fenced ``python`` block holding ``>>>`` lines is a doctest session: its statements run in
one namespace per Markdown file (in a scratch directory), and each output shown under a
statement must match what the code prints. A file may hold hidden setup code in HTML comments,
``<!-- doc-setup ... -->``, run first (sample files, a FAQ list, ...), and hidden clean-up code,
``<!-- doc-teardown ... -->``, run last even when a statement failed: readers do not see them,
the check does.

A ``python`` block whose first line is a comment naming a file (``# acme/plugin.py``) is that
file's source: it is written into the scratch directory (which is on ``sys.path`` while the
page runs) before the setup code, and a session of the page must import it (a block that no
session imports is reported as a drift).

A block right after an HTML comment ``<!-- doc-subprocess [VENV] ... -->`` runs in its own
process instead: the python of side venv ``VENV`` (``.venv-paddleocr``, ``.venv-ultralytics``;
found as tests/side_venvs.py says) or, without one, the runner's own python. The comment's lines
after its first are hidden code run just before the block in that process. All such blocks of a
page that name the same venv run in order in one process, one namespace, in a new scratch
directory (the working directory; the page's own setup does not run there), with this checkout
on ``PYTHONPATH``. A ``>>>`` block is checked like any session; plain code must run without
raising. The process gets its own process group, killed when it ends or after
``SUBPROCESS_TIMEOUT`` seconds (a failure), so a Ray node or server its hidden code started
cannot outlive it. This is how blocks that need another venv or a fresh process (joining a Ray
cluster) run; when the venv is missing they are skipped with the command that makes it.

Every other ``python`` block must be listed, with the reason it cannot run, in ``NOT_RUN``
below; ``tests/test_docs_snippets.py`` enforces all of this.

Outputs are compared after a documented normalisation, so that numbers which legitimately move
between machines and library versions (a score in the 3rd decimal) do not fail the check, while
a changed label, a missing field or a wrong time does:

* a trailing comment in a shown output (two or more spaces, then ``#``) is ignored;
* whitespace runs are equal to one space (line breaks included);
* a number with a decimal point or exponent matches another when they differ by at most
  ``FLOAT_TOLERANCE`` × max(1, |value|) (0.02: an absolute 0.02 for scores and probabilities,
  2 % for larger values such as pixel coordinates); integers must be equal.

Usage::

    python scripts/docs_snippets.py                 # check README.md and docs/*.md; exit 1 on drift
    python scripts/docs_snippets.py --update        # rewrite every shown output from a real run
    python scripts/docs_snippets.py README.md       # only these files

Setup code (``doc-setup`` and ``doc-subprocess`` alike) sees ``ROOT_DIR``, the repository folder.
``tests/test_docs_snippets.py`` runs the check: one test per page for its sessions, one per page
and venv for its ``doc-subprocess`` blocks.
"""

from __future__ import annotations

import argparse
import contextlib
import doctest
import functools
import importlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOAT_TOLERANCE = 0.02

_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
_SETUP = re.compile(r"<!-- doc-setup\n(.*?)-->", re.S)
_TEARDOWN = re.compile(r"<!-- doc-teardown\n(.*?)-->", re.S)
_SUBPROCESS = re.compile(r"<!-- doc-subprocess(?:[ \t]+(?P<venv>\.\S*))?[ \t]*(?:\n(?P<code>.*?))?"
                         r"-->[ \t]*\n(?:[ \t]*\n)*```python[^\n]*\n", re.S)
_FILE_BLOCK = re.compile(r"\A# ([\w.-]+(?:/[\w.-]+)*\.py)[ \t]*\n")
_COMMENT = re.compile(r"\s{2,}#.*$", re.M)
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


#: Seconds a page's ``doc-subprocess`` process may take before it (and every process it started)
#: is killed and the page fails: a hung block fails the check instead of hanging it.
SUBPROCESS_TIMEOUT = 600

#: The python blocks that are shown but not run, each named by its file and a line of its code,
#: with the reason it cannot run in a test (say, it needs a GPU). This is the only place a block
#: may be left out; today every block runs (another venv or a cluster: ``doc-subprocess``).
NOT_RUN: dict[tuple[str, str], str] = {}


def doc_files() -> list[Path]:
    """README.md and every docs/*.md, in a stable order."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


# -- comparing ---------------------------------------------------------------------------------
def _tokens(text: str) -> list[str | float | int]:
    """``text`` as words and numbers, comments and whitespace differences removed."""
    text = " ".join(_COMMENT.sub("", text).split())
    out: list[str | float | int] = []
    pos = 0
    for match in _NUMBER.finditer(text):
        before = text[pos:match.start()]
        if before:
            out.append(before)
        token = match.group()
        out.append(float(token) if any(c in token for c in ".eE") else int(token))
        pos = match.end()
    if text[pos:]:
        out.append(text[pos:])
    return out


def outputs_match(shown: str, printed: str) -> bool:
    """True when the output shown in the docs matches what the code printed (see the module
    docstring for the normalisation)."""
    a, b = _tokens(shown), _tokens(printed)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if isinstance(x, float) or isinstance(y, float):
            if isinstance(x, str) or isinstance(y, str):
                return False
            if abs(x - y) > FLOAT_TOLERANCE * max(1.0, abs(x)):
                return False
        elif x != y:
            return False
    return True


def _same_text(shown: str, printed: str) -> bool:
    return " ".join(_COMMENT.sub("", shown).split()) == " ".join(printed.split())


class _Checker(doctest.OutputChecker):
    """Normalised comparison when checking; exact text (bar comments and whitespace) when
    updating, so ``--update`` leaves the docs showing exactly what the code prints."""

    def __init__(self, exact: bool = False) -> None:
        self.exact = exact

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        return _same_text(want, got) if self.exact else outputs_match(want, got)


# -- running -----------------------------------------------------------------------------------
@dataclass
class Drift:
    """One statement whose shown output differs from what it printed."""

    file: Path
    line: int
    source: str
    shown: str
    printed: str

    def __str__(self) -> str:
        where = f"{self.file.relative_to(ROOT)}:{self.line}"
        return (f"{where}: >>> {self.source.strip()}\n  docs show: {self.shown.strip()!r}\n"
                f"  printed:   {self.printed.strip()!r}")


@dataclass
class _Runner(doctest.DocTestRunner):
    """Collects every mismatch (and exception) instead of printing doctest's report."""

    exact: bool = False
    drifts: list[tuple[doctest.Example, str, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(checker=_Checker(self.exact), verbose=False)

    def report_failure(self, out: Any, test: Any, example: doctest.Example, got: str) -> None:
        self.drifts.append((example, got, False))

    def report_unexpected_exception(self, out: Any, test: Any, example: doctest.Example,
                                    exc_info: Any) -> None:
        kind, value, _ = exc_info
        self.drifts.append((example, f"raised {kind.__name__}: {value}\n", True))


@dataclass
class Block:
    """One ``python`` block with ``>>>`` lines: where it sits and its doctest."""

    start: int  # offset of the block's text in the file
    text: str
    line: int  # 1-based line of the block's first line


def python_blocks(text: str) -> list[Block]:
    """Every fenced ``python`` block of a Markdown text."""
    return [Block(m.start(1), m.group(1), text.count("\n", 0, m.start(1)) + 1)
            for m in _FENCE.finditer(text)]


def _is_session(block: Block) -> bool:
    return re.search(r"^>>> ", block.text, re.M) is not None


def sessions(text: str) -> list[Block]:
    """The ``python`` blocks of a Markdown text that hold ``>>>`` sessions run in the page's
    process (``doc-subprocess`` blocks run elsewhere: :func:`subprocess_blocks`)."""
    elsewhere = {b.block.start for b in subprocess_blocks(text)}
    return [b for b in python_blocks(text) if _is_session(b) and b.start not in elsewhere]


@dataclass
class SubprocessBlock:
    """A ``python`` block marked ``<!-- doc-subprocess [VENV] ... -->``: it runs in a fresh
    process of ``venv``'s python (None: the runner's own), after ``setup``, the comment's code."""

    block: Block
    venv: str | None
    setup: str
    setup_line: int  # 1-based line of the comment


def subprocess_blocks(text: str) -> list[SubprocessBlock]:
    """The blocks of a Markdown text marked to run in their own process, in page order."""
    blocks = {b.start: b for b in python_blocks(text)}
    return [SubprocessBlock(blocks[m.end()], m.group("venv"), m.group("code") or "",
                            text.count("\n", 0, m.start()) + 1)
            for m in _SUBPROCESS.finditer(text) if m.end() in blocks]


def subprocess_groups(text: str) -> dict[str | None, list[SubprocessBlock]]:
    """The ``doc-subprocess`` blocks of a page by the venv they run in (one process per venv)."""
    groups: dict[str | None, list[SubprocessBlock]] = {}
    for item in subprocess_blocks(text):
        groups.setdefault(item.venv, []).append(item)
    return groups


def file_blocks(text: str) -> list[tuple[str, Block]]:
    """The ``python`` blocks that are a file's source (first line ``# path/to/file.py``), with
    that path."""
    found = [(_FILE_BLOCK.match(b.text), b) for b in python_blocks(text)]
    return [(match.group(1), b) for match, b in found if match]


def unrun_blocks(text: str) -> list[Block]:
    """The ``python`` blocks that are neither sessions, file sources nor ``doc-subprocess``
    blocks: each must be in ``NOT_RUN``."""
    kept = ({b.start for b in sessions(text)} | {b.start for _, b in file_blocks(text)}
            | {b.block.start for b in subprocess_blocks(text)})
    return [b for b in python_blocks(text) if b.start not in kept]


def not_run_reason(path: Path, block: Block) -> str | None:
    """Why ``block`` of ``path`` is not run (its ``NOT_RUN`` entry), or None when unlisted."""
    return next((reason for (name, code), reason in NOT_RUN.items()
                 if name == path.name and code in block.text), None)


def run_file(path: Path, exact: bool = False) -> tuple[list[Drift], str]:
    """Run every session of ``path``; return the drifts and the text with outputs rewritten.

    ``exact=True`` counts any textual difference as a drift (what ``--update`` rewrites)."""
    text = path.read_text(encoding="utf-8")
    blocks = sessions(text)
    if not blocks:
        return [], text
    globs: dict[str, Any] = {"__name__": f"docs:{path.name}", "ROOT_DIR": ROOT}
    drifts: list[Drift] = []
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the file's text
    with tempfile.TemporaryDirectory() as scratch, _cwd(Path(scratch)), \
            _importable(Path(scratch)) as imported:
        for name, block in file_blocks(text):
            (Path(scratch) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(scratch) / name).write_text(block.text, encoding="utf-8")
        try:
            for setup in _SETUP.findall(text):
                exec(compile(setup, f"{path.name}:doc-setup", "exec"), globs)
            for block in blocks:
                for index, got, raised in _run_session(block, globs, path, exact):
                    _record(path, block, index, got, raised, drifts, edits)
        finally:
            for teardown in _TEARDOWN.findall(text):
                exec(compile(teardown, f"{path.name}:doc-teardown", "exec"), globs)
        for name, block in file_blocks(text):
            if (Path(scratch) / name).resolve() not in imported():
                drifts.append(Drift(path, block.line, f"# {name}", "(a file a session imports)",
                                    "no session of the page imported it\n"))
    return drifts, _apply(text, edits)


def _examples(block: Block, path: Path) -> list[doctest.Example]:
    return doctest.DocTestParser().get_examples(block.text, f"{path.name}:{block.line}")


def _run_session(block: Block, globs: dict[str, Any], path: Path,
                 exact: bool) -> list[tuple[int, str, bool]]:
    """Run one session in ``globs`` (which then holds its names); for each statement whose
    output differs: (its index among the block's examples, what it printed, whether it raised)."""
    test = doctest.DocTestParser().get_doctest(block.text, globs, path.name, str(path),
                                               block.line)
    runner = _Runner(exact=exact)
    runner.run(test, clear_globs=False)
    globs.update(test.globs)  # doctest ran on a copy: the next block sees its names
    index = {id(example): i for i, example in enumerate(test.examples)}
    return [(index[id(example)], got, raised) for example, got, raised in runner.drifts]


def _record(path: Path, block: Block, index: int | None, got: str, raised: bool,
            drifts: list[Drift], edits: list[tuple[int, int, str]]) -> None:
    """Add the drift of statement ``index`` of ``block`` (None: the whole block, which is plain
    code or whose hidden code failed) and, unless it raised, the edit that shows its output."""
    if index is None:
        drifts.append(Drift(path, block.line, block.text.splitlines()[0], "(runs without error)",
                            got))
        return
    example = _examples(block, path)[index]
    drifts.append(Drift(path, block.line + example.lineno, example.source, example.want, got))
    if not raised:  # an exception is a bug to fix, never an output to show
        edits.append(_edit(block, example, got))


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# -- blocks in their own process -------------------------------------------------------------
class MissingPython(Exception):
    """The side venv a ``doc-subprocess`` block names does not exist here (the message says
    which setup step makes it)."""

    def __init__(self, venv: str, message: str) -> None:
        super().__init__(message)
        self.venv = venv


@functools.cache
def side_venvs() -> ModuleType:
    """tests/side_venvs.py (where the side venvs live, which setup step makes each), by path."""
    spec = importlib.util.spec_from_file_location("taskzoo_side_venvs",
                                                  ROOT / "tests" / "side_venvs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def subprocess_python(venv: str | None) -> Path:
    """The interpreter a ``doc-subprocess`` block runs with: the side venv's python, or for no
    venv the runner's own. Raises :class:`MissingPython` when the venv is missing."""
    if venv is None:
        return Path(sys.executable)
    python: Path = side_venvs().side_python(venv)
    if not python.exists():
        raise MissingPython(venv, side_venvs().missing_message(venv))
    return python


def run_subprocess_group(path: Path, venv: str | None, exact: bool = False,
                         timeout: float = SUBPROCESS_TIMEOUT) -> tuple[list[Drift], str]:
    """Run the ``doc-subprocess`` blocks of ``path`` that name ``venv``, in order, in one fresh
    process of its python (in a new scratch folder, taskzoo importable from this checkout);
    return the drifts and the text with their outputs rewritten, like :func:`run_file`.

    The process gets its own process group, killed when it ends or after ``timeout`` seconds,
    so nothing it started outlives it. Raises :class:`MissingPython` if the venv is missing."""
    text = path.read_text(encoding="utf-8")
    items = subprocess_groups(text).get(venv, [])
    if not items:
        return [], text
    python = subprocess_python(venv)
    drifts: list[Drift] = []
    edits: list[tuple[int, int, str]] = []
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryDirectory() as work:
        spec, result = Path(work) / "spec.json", Path(work) / "result.json"
        spec.write_text(json.dumps({"page": str(path), "exact": exact, "blocks": [
            {"text": i.block.text, "line": i.block.line, "setup": i.setup,
             "setup_line": i.setup_line} for i in items]}), encoding="utf-8")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        outcome = _run_child([str(python), str(Path(__file__).resolve()), "--child", str(spec),
                              str(result)], scratch, env, timeout)
        if outcome is None and result.exists():
            for found in json.loads(result.read_text(encoding="utf-8")):
                _record(path, items[found["block"]].block, found["example"], found["got"],
                        found["raised"], drifts, edits)
        else:
            where = "(a doc-subprocess process for " + (venv or "this python") + ")"
            drifts.append(Drift(path, items[0].setup_line, where, "(runs to the end)",
                                outcome or "ended without a result\n"))
    return drifts, _apply(text, edits)


def _run_child(cmd: list[str], cwd: str, env: dict[str, str], timeout: float) -> str | None:
    """Run ``cmd`` in its own process group; None if it exited 0 within ``timeout``, else what
    went wrong (with the end of its output). Kills the group when done. The output goes to a
    file, not a pipe, so a process left behind holding it cannot keep this waiting."""
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
            problem = None if proc.returncode == 0 else f"exited with {proc.returncode}"
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            proc.wait()
            problem = f"did not finish within {timeout:g} s and was killed"
        finally:
            _kill_group(proc.pid)  # whatever it started and left behind (a Ray node, a server)
        log.seek(0)
        output = log.read()
    return None if problem is None else f"{problem}: ...{output[-3000:]}\n"


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _child(spec_path: Path, result_path: Path) -> int:
    """The ``--child`` side of :func:`run_subprocess_group`: run the blocks in this process (in
    the current folder) and write what drifted as JSON."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    page = Path(spec["page"])
    globs: dict[str, Any] = {"__name__": f"docs:{page.name}", "ROOT_DIR": ROOT}
    found: list[dict[str, Any]] = []
    for number, item in enumerate(spec["blocks"]):
        block = Block(0, item["text"], item["line"])
        try:
            exec(compile(item["setup"], f"{page.name}:{item['setup_line']}:doc-subprocess",
                         "exec"), globs)
            if _is_session(block):
                for index, got, raised in _run_session(block, globs, page, spec["exact"]):
                    found.append({"block": number, "example": index, "got": got,
                                  "raised": raised})
            else:
                exec(compile(block.text, f"{page.name}:{block.line}", "exec"), globs)
        except Exception as exc:  # the hidden code, or a plain block, failed
            found.append({"block": number, "example": None, "raised": True,
                          "got": f"raised {type(exc).__name__}: {exc}\n"})
    result_path.write_text(json.dumps(found), encoding="utf-8")
    return 0


def _edit(block: Block, example: doctest.Example, got: str) -> tuple[int, int, str]:
    """Where ``example``'s shown output sits in the file, and the printed output to put there
    (the shown output's trailing comment on its first line is kept)."""
    lines = block.text.splitlines(keepends=True)
    first = example.lineno + len(example.source.splitlines())
    count = len(example.want.splitlines())
    start = block.start + sum(len(line) for line in lines[:first])
    end = start + sum(len(line) for line in lines[first:first + count])
    comment = _COMMENT.search(example.want.splitlines()[0]) if count else None
    new = got.rstrip("\n").splitlines() or [""]
    if comment:
        new[0] += comment.group()
    indent = " " * example.indent
    return start, end, "".join(f"{indent}{line}\n" for line in new) if got.strip() else ""


@contextlib.contextmanager
def _importable(folder: Path) -> Any:
    """Put ``folder`` first on ``sys.path``; yield a function giving the files of the modules
    imported from it so far; on exit forget those modules and restore ``sys.path``."""
    folder = folder.resolve()

    def imported() -> set[Path]:
        files = {Path(f).resolve() for m in list(sys.modules.values())
                 if isinstance(f := getattr(m, "__file__", None), str)}
        return {f for f in files if f.is_relative_to(folder)}

    sys.path.insert(0, str(folder))
    try:
        yield imported
    finally:
        sys.path.remove(str(folder))
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None)
            if isinstance(file, str) and Path(file).resolve().is_relative_to(folder):
                del sys.modules[name]
        importlib.invalidate_caches()


@contextlib.contextmanager
def _cwd(path: Path) -> Any:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def main(argv: list[str] | None = None) -> int:
    """Check (or with --update rewrite) the sessions of the given Markdown files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="default: README.md and docs/*.md")
    parser.add_argument("--update", action="store_true",
                        help="rewrite every drifted output in place from this run")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:  # a doc-subprocess process started by run_subprocess_group
        return _child(*args.child)
    sys.path.insert(0, str(ROOT))
    total = 0
    for path in [p.resolve() for p in args.files] or doc_files():
        runs = [functools.partial(run_file, path, exact=args.update)]
        runs += [functools.partial(run_subprocess_group, path, venv, exact=args.update)
                 for venv in subprocess_groups(path.read_text(encoding="utf-8"))]
        for run in runs:
            try:
                drifts, text = run()  # each run reads the file as the previous one left it
            except MissingPython as exc:
                print(f"{path.relative_to(ROOT)}: skipped its {exc.venv} blocks: {exc}")
                continue
            total += len(drifts)
            for drift in drifts:
                print(drift)
            if args.update and drifts:
                path.write_text(text, encoding="utf-8")
                print(f"rewrote {len(drifts)} output(s) in {path.relative_to(ROOT)}")
    if total and not args.update:
        print(f"\n{total} output(s) drifted: `python scripts/docs_snippets.py --update` "
              "rewrites them from a real run")
    return 1 if total and not args.update else 0


if __name__ == "__main__":
    raise SystemExit(main())
