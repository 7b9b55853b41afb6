"""`taskzoo download` verifies weights and reports failures with a non-zero exit."""

from __future__ import annotations

import dataclasses

import pytest

from taskzoo.cli import main
from taskzoo.registry import REGISTRY
from taskzoo.weights import LocalPath


def test_download_verifies_the_default_weights(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["download", "langid", "ner"]) == 0
    out = capsys.readouterr().out
    assert "ok   langid/lid176:" in out and "lid.176.ftz" in out and "ok   ner/" in out


def test_download_reports_a_missing_file(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    spec = REGISTRY.task("langid")
    broken = dataclasses.replace(spec.default, source=LocalPath(path="/nonexistent/lid.ftz"))
    monkeypatch.setitem(REGISTRY._tasks, "langid", dataclasses.replace(spec, models=(broken,)))
    assert main(["download", "langid"]) == 1
    assert "FAIL langid/lid176" in capsys.readouterr().err
