"""CLI misuse never ends in a traceback: a closed pipe, wrong flags, files of the wrong kind,
missing files, empty stdin. Each case runs the real ``taskzoo`` process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from serve_support import ROOT

CMD = [sys.executable, "-m", "taskzoo"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def taskzoo(*argv: str, stdin: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``taskzoo ARGV`` with ``stdin``; the process must not print a traceback."""
    done = subprocess.run([*CMD, *argv], input=stdin, capture_output=True, text=True, timeout=300,
                          cwd=cwd, env=ENV, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("argv", [["list"], ["run", "langid", "-"], ["info", "lid176"]])
def test_a_closed_pipe_ends_quietly(argv: list[str]) -> None:
    """stdout is a pipe whose reader is already gone (`taskzoo list | head -0`)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([*CMD, *argv], input="bonjour\n" * 50, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=300, cwd=ROOT, env=ENV,
                              check=False)
    finally:
        os.close(write_end)
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_a_wrong_flag_is_a_usage_error() -> None:
    done = taskzoo("run", "langid", "hello", "--nope")
    assert done.returncode == 2 and "unrecognized arguments: --nope" in done.stderr


def test_a_table_file_without_field_says_what_to_pass(tmp_path: Path) -> None:
    table = tmp_path / "reviews.csv"
    table.write_text('id,review\n1,"a wonderful, moving film"\n2,"dull and far too long"\n')
    done = taskzoo("run", "sentiment", str(table), "--model", "vader")
    assert done.returncode == 2 and done.stdout == ""
    assert "--field COLUMN" in done.stderr and f"--input {table}" in done.stderr
    done = taskzoo("run", "sentiment", str(table), "--field", "review", "--model", "vader")
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert [(name, result.split()[0]) for name, result in rows] == [
        (f"{table}:2", "positive"), (f"{table}:3", "negative")]  # name = FILE:LINE
    done = taskzoo("run", "sentiment", str(table), "--field", "text")
    assert done.returncode == 2 and "no column 'text'; its columns: id, review" in done.stderr


def test_missing_files_fail_per_input_or_as_usage(tmp_path: Path) -> None:
    done = taskzoo("run", "ocr", str(tmp_path / "nope.png"))
    assert done.returncode == 1 and "no file" in done.stderr
    done = taskzoo("train", "text-classification", str(tmp_path / "nope.csv"),
                   "--output", str(tmp_path / "model"))
    assert done.returncode == 2 and "no training data file" in done.stderr


def test_train_into_an_existing_folder_speaks_cli(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "old.txt").write_text("x")
    (tmp_path / "data.csv").write_text("text,label\ngood,pos\nbad,neg\n")
    done = taskzoo("train", "text-classification", str(tmp_path / "data.csv"),
                   "--output", str(tmp_path / "model"))
    assert done.returncode == 2 and "--overwrite" in done.stderr
    assert "overwrite=True" not in done.stderr


def test_empty_stdin_says_there_was_nothing() -> None:
    done = taskzoo("run", "langid", "-", stdin="")
    assert done.returncode == 0 and done.stdout == ""
    assert "no inputs" in done.stderr


def test_one_meaning_per_short_flag() -> None:
    """Every short flag means the same long option in every subcommand that has it."""
    from taskzoo.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    meaning: dict[str, set[str]] = {}
    for subparser in sub.choices.values():  # type: ignore[union-attr]
        for action in subparser._actions:
            shorts = [s for s in action.option_strings if len(s) == 2 and s != "-h"]
            longs = [s for s in action.option_strings if s.startswith("--")]
            for short in shorts:
                meaning.setdefault(short, set()).update(longs)
    assert meaning and all(len(longs) == 1 for longs in meaning.values()), meaning
