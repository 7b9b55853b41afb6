"""``taskzoo list``, ``taskzoo info`` and ``taskzoo doctor`` read the registry."""

from __future__ import annotations

import json

import pytest

from taskzoo.cli import main
from taskzoo.cli.doctor import check
from taskzoo.registry import REGISTRY


def test_list_shows_every_task_and_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in REGISTRY.task_names():
        spec = REGISTRY.task(name)
        assert name in out
        for card in spec.models:
            assert card.name in out
        if spec.models:
            assert f"*{spec.default.name}" in out


def test_list_json_and_one_task(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "lid", "--json"]) == 0  # an alias of langid
    cards = json.loads(capsys.readouterr().out)
    assert {c["task"] for c in cards} == {"langid"}
    assert cards[0]["default"] is True and "installed" in cards[0]


def test_info_full_card(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "lid.176", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["name"] == "lid176" and card["license"].startswith("CC-BY-SA")
    assert main(["info", "langid"]) == 0  # a task: its default model
    assert "lid176" in capsys.readouterr().out
    assert main(["info", "lid177"]) == 2
    assert "Did you mean 'lid176'" in capsys.readouterr().err


def test_doctor_checks_weights(capsys: pytest.CaptureFixture[str]) -> None:
    card = REGISTRY.resolve("langid", "lid176")
    assert check(card)[0] == "ok" and "sha256 ok" in check(card)[1]
    assert main(["doctor", "--task", "langid"]) in (0, 1)
    out = capsys.readouterr().out
    assert "lid176" in out and "sha256 ok" in out


def test_doctor_finds_corrupt_weights(tmp_path) -> None:
    import dataclasses

    from taskzoo.weights import LocalPath

    bad = tmp_path / "lid.ftz"
    bad.write_bytes(b"not the real file")
    card = dataclasses.replace(REGISTRY.resolve("langid", "lid176"),
                               source=LocalPath(path=str(bad), sha256="0" * 64))
    status, detail = check(card)
    assert status == "broken" and "corrupt" in detail
    missing = dataclasses.replace(card, requires=("no_such_module_xyz",), extra="text")
    assert check(missing) == ("missing-extra",
                              'needs no_such_module_xyz: pip install "taskzoo[text]"')


def test_info_prefers_a_name_and_shows_every_task(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "fasttext", "--json"]) == 0  # the spam model's name, not an alias
    card = json.loads(capsys.readouterr().out)
    assert card["name"] == "fasttext" and card["tasks"] == ["spam", "text-classification"]
    assert main(["info", "smollm2-135m"]) == 0
    assert "tasks: langid, ner, sentiment, spam" in capsys.readouterr().out


def test_info_on_an_alias_of_two_models_names_both(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "fast"]) == 2  # fasttext-rt (sentiment) and fasttext (spam)
    err = capsys.readouterr().err
    assert "fasttext-rt" in err and "fasttext" in err and "TASK/MODEL" in err
    assert "Traceback" not in err
