"""``taskzoo run``: every installed task, input expansion, JSON Lines, failures and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from serve_support import ROOT, SUFFIX, kind_of, sample, task_names, task_ready

import taskzoo as tz
from taskzoo.cli import build_parser, main
from taskzoo.serialize import to_jsonable


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def close(a: object, b: object, tol: float = 2e-3) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(b)))  # type: ignore[arg-type]
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], tol) for k in a)
    return a == b


@pytest.mark.parametrize("task", task_names())
def test_every_task_json_matches_python(task: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    if not task_ready(task):
        pytest.skip(f"{task}: extra not installed")
    data = sample(kind_of(task))
    if data is None:
        pytest.skip(f"no sample for kind {kind_of(task)!r}")
    if isinstance(data, str):
        arg, value = data, data
    else:
        path = tmp_path / f"sample{SUFFIX.get(kind_of(task), '.bin')}"
        path.write_bytes(data)
        arg, value = str(path), path
    expected = to_jsonable(tz.run(task, value))  # every installed default model must load
    code, out, err = run_cli(capsys, "run", task, arg, "--json")
    assert code == 0, err
    [record] = lines(out)
    assert record["input"] == arg and close(record["result"], expected)
    code, out, _ = run_cli(capsys, "run", task, arg)  # human output: one line
    assert code == 0 and len(out.strip().splitlines()) == 1


def test_files_folders_globs_and_literals(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "fr.txt").write_text("bonjour tout le monde, comment allez-vous", encoding="utf-8")
    (folder / "de.txt").write_text("guten Morgen, wie geht es dir heute", encoding="utf-8")
    (tmp_path / "es.md").write_text("buenos días, ¿cómo estás hoy?", encoding="utf-8")
    code, out, err = run_cli(capsys, "run", "langid", str(folder), str(tmp_path / "*.md"),
                             "good morning, how are you?", "--json", "--batch-size", "2")
    assert code == 0, err
    got = {r["input"]: r["result"]["label"] for r in lines(out)}
    assert got == {str(folder / "de.txt"): "de", str(folder / "fr.txt"): "fr",
                   str(tmp_path / "es.md"): "es", "good morning, how are you?": "en"}
    assert list(got)[:2] == [str(folder / "de.txt"), str(folder / "fr.txt")]  # sorted, in order


def test_failures_are_reported_and_the_rest_processed(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok.txt").write_text("bonjour tout le monde", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x81 not utf-8")
    code, out, err = run_cli(capsys, "run", "langid", str(tmp_path / "bad.txt"),
                             str(tmp_path / "ok.txt"), "hallo welt", "--json")
    assert code == 1
    records = lines(out)
    assert [r["input"] for r in records] == [str(tmp_path / "bad.txt"), str(tmp_path / "ok.txt"),
                                            "hallo welt"]
    assert records[0]["error"]["type"] == "InvalidInputError" and "result" in records[1]
    assert "bad.txt" in err and "1 input(s) failed" in err


def test_image_task_with_missing_file_fails_that_input_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    task = next((t for t in task_names() if task_ready(t) and kind_of(t) in SUFFIX), None)
    if task is None:
        pytest.skip("no image/audio task installed")
    good = tmp_path / f"good{SUFFIX[kind_of(task)]}"
    good.write_bytes(sample(kind_of(task)))  # type: ignore[arg-type]
    broken = tmp_path / f"broken{SUFFIX[kind_of(task)]}"
    broken.write_bytes(b"definitely not media")
    try:
        tz.run(task, good)
    except tz.TaskZooError:
        pytest.skip(f"{task}: model cannot load here")
    code, out, err = run_cli(capsys, "run", task, str(broken), "no-such-file.png", str(good),
                             "--json")
    assert code == 1
    records = lines(out)
    assert [("error" in r) for r in records] == [True, True, False]
    assert err.count(": InvalidInputError:") == 2
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{good}\n{broken}\n"))  # paths on stdin
    code, out, _ = run_cli(capsys, "run", task, "-", "--json")
    assert code == 1
    assert [(r["input"], "result" in r) for r in lines(out)] == [(str(good), True),
                                                               (str(broken), False)]


def test_stdin_lines_and_jsonl_with_progress() -> None:
    cmd = [sys.executable, "-m", "taskzoo", "run", "langid", "-", "--json", "--progress"]
    done = subprocess.run(cmd, input="bonjour tout le monde\n\nguten Morgen zusammen\n",
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    records = lines(done.stdout)
    assert [(r["input"], r["result"]["label"]) for r in records] == [
        ("<stdin>:1", "fr"), ("<stdin>:3", "de")]
    assert "langid" in done.stderr and "2input" in done.stderr.replace(" ", "")  # tqdm's bar
    jsonl = '{"text": "buenos días a todos"}\n{"other": 1}\nnot json\n'
    done = subprocess.run([*cmd[:-1], "--field", "text"], input=jsonl, capture_output=True,
                          text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 1
    records = lines(done.stdout)
    assert records[0]["result"]["label"] == "es"
    assert [r["error"]["type"] for r in records[1:]] == ["InvalidInputError"] * 2


def test_model_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "run", "langid", "hallo welt, wie geht es dir", "-o", "k=3",
                             "--json")
    assert code == 0, err
    [record] = lines(out)
    assert [r["label"] for r in record["result"]] == [
        label.label for label in tz.run("langid", "hallo welt, wie geht es dir", k=3)]
    code, _, err = run_cli(capsys, "run", "langid", "x", "-o", "no_such=1")
    assert code == 2 and "accepted" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "run", "langidd", "x")
    assert code == 2 and "Did you mean 'langid'" in err
    code, _, err = run_cli(capsys, "run", "langid", "x", "--model", "nope")
    assert code == 2 and "UnknownModelError" in err
    code, _, _ = run_cli(capsys, "run", "langid", "x", "--batch-size", "0")
    assert code == 2
    assert main(["run", "langid"]) == 2  # no input (and no --input dataset)


def test_every_subcommand_help_has_an_example() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, subparser in sub.choices.items():  # type: ignore[union-attr]
        text = subparser.format_help().lower()
        assert "example" in text, f"`taskzoo {name} --help` shows no example"
