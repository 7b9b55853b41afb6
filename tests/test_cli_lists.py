"""List options of the command line take ``a,b``, ``a b`` and mixes alike (serve, eval,
download, bench)."""

from __future__ import annotations

import pytest
from serve_support import free_port

from taskzoo.cli import build_parser, main, split_names


@pytest.mark.parametrize("argv, dest", [
    (["serve", "--tasks", "{0}"], "tasks"),
    (["eval", "sentiment", "--models", "{0}"], "models"),
    (["download", "{0}"], "tasks"),
    (["bench", "{0}"], "tasks"),
])
def test_commas_and_spaces_give_the_same_list(argv: list[str], dest: str) -> None:
    parser = build_parser()

    def parse(*names: str) -> list[str]:
        at = argv.index("{0}")
        return getattr(parser.parse_args([*argv[:at], *names, *argv[at + 1:]]), dest)

    assert parse("a,b") == parse("a", "b") == parse("a,", "b") == parse("a,b", "a") == ["a", "b"]
    assert parse("a,b", "c") == ["a", "b", "c"]


def test_split_names() -> None:
    assert split_names(None) == []
    assert split_names(" ner , langid ") == ["ner", "langid"]
    assert split_names(["ner,", ",", "langid,ner"]) == ["ner", "langid"]


def test_download_takes_a_comma_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["download", "langid,ner"]) == 0
    out = capsys.readouterr().out
    assert "langid/" in out and "ner/" in out


def test_serve_refuses_an_unknown_task_by_its_own_name(capsys: pytest.CaptureFixture[str]) -> None:
    port = str(free_port())  # refused while selecting tasks, before anything listens
    assert main(["serve", "--tasks", "langid,sentimnet", "--port", port]) == 2
    err = capsys.readouterr().err
    assert "'sentimnet'" in err and "sentiment" in err and "langid,sentimnet" not in err


def test_bench_command_measures_the_named_tasks(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["bench", "langid", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [entry] = report["tasks"]
    assert entry["task"] == "langid" and entry["model"] == "lid176" and "error" not in entry
    assert entry["items"] > 0 and all(v > 0 for v in entry["items_per_s"].values())
    assert report["machine"]["cores"] >= 1
