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
session imports is reported as a drift). Every other ``python`` block must be listed, with the
reason it cannot run, in ``NOT_RUN`` below; ``tests/test_docs_snippets.py`` enforces both.

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

Setup code sees ``ROOT_DIR``, the repository folder. ``tests/test_docs_snippets.py`` runs the
check.
"""

from __future__ import annotations

import argparse
import contextlib
import doctest
import importlib
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOAT_TOLERANCE = 0.02

_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
_SETUP = re.compile(r"<!-- doc-setup\n(.*?)-->", re.S)
_TEARDOWN = re.compile(r"<!-- doc-teardown\n(.*?)-->", re.S)
_FILE_BLOCK = re.compile(r"\A# ([\w.-]+(?:/[\w.-]+)*\.py)[ \t]*\n")
_COMMENT = re.compile(r"\s{2,}#.*$", re.M)
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


#: The python blocks that are shown but not run, each named by its file and a line of its code,
#: with the reason it cannot run in a test. This is the only place a block may be left out.
NOT_RUN: dict[tuple[str, str], str] = {
    ("README.md", 'smart = tz.cascade(fast, best, validation="valid.jsonl"'):
        "a list of the calls docs/distillation.md runs with real data (cascade with advisors, "
        "ensemble, distill, generate); its generate line needs an OpenAI-compatible server",
    ("scale-out.md", 'address="auto", workers=16'):
        "joins a multi-node Ray cluster (`ray start` on each node) reading a file system shared "
        "by the nodes; the same tz.batch call runs above on a local Ray",
    ("ocr.md", 'model="ppocrv5-mobile-paddle"'):
        "needs paddlepaddle, which cannot share the dev venv (it lives in .venv-paddleocr); "
        "tests/test_ocr_paddleocr.py runs this model there",
    ("ocr.md", 'tz.load("ocr", "paddleocr-local"'):
        "needs paddlepaddle (only in .venv-paddleocr) and the reader's own PaddleOCR model "
        "folders under ~/models; the local_only test of tests/test_ocr_paddleocr.py runs it",
    ("detection.md", 'tz.train("detection", data="data.yaml"'):
        "ultralytics training needs the [ultralytics] extra, whose torchvision replaces the CPU "
        "torch, so it runs in its own venv (tests/test_detection_ultralytics.py), not here",
    ("asr.md", 'tz.transcribe("talk.wav", model="path/to/tiny.en.pt")'):
        "no openai-whisper .pt checkpoint ships on PyPI: tests/test_asr_openai.py converts "
        "tiny.en to one (about a minute) and runs this call",
}


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


def sessions(text: str) -> list[Block]:
    """The ``python`` blocks of a Markdown text that hold ``>>>`` sessions."""
    return [b for b in python_blocks(text) if re.search(r"^>>> ", b.text, re.M)]


def file_blocks(text: str) -> list[tuple[str, Block]]:
    """The ``python`` blocks that are a file's source (first line ``# path/to/file.py``), with
    that path."""
    found = [(_FILE_BLOCK.match(b.text), b) for b in python_blocks(text)]
    return [(match.group(1), b) for match, b in found if match]


def unrun_blocks(text: str) -> list[Block]:
    """The ``python`` blocks that are neither sessions nor file sources: each must be in
    ``NOT_RUN``."""
    kept = {b.start for b in sessions(text)} | {b.start for _, b in file_blocks(text)}
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
    parser = doctest.DocTestParser()
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
                test = parser.get_doctest(block.text, globs, path.name, str(path), block.line)
                runner = _Runner(exact=exact)
                runner.run(test, clear_globs=False)
                globs.update(test.globs)  # doctest ran on a copy: the next block sees its names
                for example, got, raised in runner.drifts:
                    drifts.append(Drift(path, block.line + example.lineno, example.source,
                                        example.want, got))
                    if not raised:  # an exception is a bug to fix, never an output to show
                        edits.append(_edit(block, example, got))
        finally:
            for teardown in _TEARDOWN.findall(text):
                exec(compile(teardown, f"{path.name}:doc-teardown", "exec"), globs)
        for name, block in file_blocks(text):
            if (Path(scratch) / name).resolve() not in imported():
                drifts.append(Drift(path, block.line, f"# {name}", "(a file a session imports)",
                                    "no session of the page imported it\n"))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return drifts, text


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
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    total = 0
    for path in [p.resolve() for p in args.files] or doc_files():
        drifts, text = run_file(path, exact=args.update)
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
