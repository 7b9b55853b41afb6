"""Stored combinations: a fitted cascade saved as a model folder (taskzoo.combine_store) and
served by name or path through taskzoo.backends.combination; real fastText members trained on
Rotten Tomatoes snippets (see distill_support) and the VADER lexicon as advisor."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from distill_support import sample, trained

import taskzoo as tz
from taskzoo.combine import Cascade, CascadeLabel
from taskzoo.combine_store import read_combination, save_cascade
from taskzoo.results import Label
from taskzoo.train import train as train_model


@pytest.fixture(scope="module")
def advised(small, large) -> Cascade:
    return tz.cascade(small, large, validation=sample("validation"), max_deferral=0.4,
                      advisors=["vader"], task="sentiment")


@pytest.fixture(scope="module")
def stored(advised, tmp_path_factory) -> Path:
    return save_cascade(advised, tmp_path_factory.mktemp("combo") / "cascade",
                        metrics={"note": "test"}, description="a test cascade")


def test_saved_card_names_members_threshold_and_trust_weights(stored, advised) -> None:
    meta = read_combination(stored)
    assert meta["members"]["advisors"] == ["vader"]  # a registry name stays a name
    assert Path(meta["members"]["small"]).name == "weak"  # a folder is written as a path
    assert meta["threshold"] == pytest.approx(advised.threshold, abs=1e-6)
    assert meta["deferral"]["weights"] == pytest.approx(list(advised.deferral.weights))
    assert meta["labels"] == ["negative", "positive"]


def test_loaded_combination_answers_like_the_fitted_cascade(stored, advised) -> None:
    texts = sample("validation")[0][:120]
    pipe = tz.load("sentiment", model=str(stored))
    got, want = pipe(texts), advised(texts)
    assert all(isinstance(r, CascadeLabel) for r in got)
    assert [(r.label, r.deferred, r.model) for r in got] == \
        [(r.label, r.deferred, r.model) for r in want]
    assert 0 < sum(r.deferred for r in got) < len(texts)  # both members really answer
    assert pipe(["", "   "]) == [Label("neutral", 0.0), Label("neutral", 0.0)]


def _copy_with(stored: Path, target: Path, **members: str) -> Path:
    shutil.copytree(stored, target)
    meta = json.loads((target / "card.json").read_text())
    meta["members"].update(members)
    (target / "card.json").write_text(json.dumps(meta))
    return target


def test_a_missing_member_is_refused_at_load_with_its_name(stored, tmp_path) -> None:
    broken = _copy_with(stored, tmp_path / "broken", large="no-such-model-folder")
    pipe = tz.load("sentiment", model=str(broken))
    with pytest.raises(tz.ModelLoadError, match="member 'no-such-model-folder' is missing"):
        pipe.load()


def test_a_member_with_other_labels_is_refused_at_load_with_its_name(stored, tmp_path) -> None:
    texts, labels = sample("train")
    other = train_model("text-classification",
                        (texts[:200], ["good" if y == "positive" else "bad" for y in labels[:200]]),
                        method="fasttext", output_dir=tmp_path / "goodbad", progress=False)
    broken = _copy_with(stored, tmp_path / "mixed", small=str(other))
    with pytest.raises(tz.ModelLoadError, match=r"member '.*goodbad' answers bad, good"):
        tz.load("sentiment", model=str(broken)).load()


def test_a_card_that_is_not_a_cascade_is_refused(stored, tmp_path) -> None:
    broken = _copy_with(stored, tmp_path / "nothreshold")
    meta = json.loads((broken / "card.json").read_text())
    del meta["threshold"]
    (broken / "card.json").write_text(json.dumps(meta))
    with pytest.raises(tz.TaskZooError, match="not a complete taskzoo cascade card"):
        tz.load("sentiment", model=str(broken)).load()


def test_members_inside_the_folder_are_saved_relative(advised, tmp_path) -> None:
    folder = tmp_path / "bundle"
    shutil.copytree(trained("strong", 120, 700), folder / "large")
    inside = tz.cascade(advised.small, tz.load("sentiment", model=str(folder / "large")),
                        threshold=0.8)
    meta = read_combination(save_cascade(inside, folder))
    assert meta["members"]["large"] == "large" and meta["deferral"] is None
    moved = tmp_path / "moved"
    shutil.move(folder, moved)  # a relative member travels with the folder
    assert tz.load("sentiment", model=str(moved))("a fine film").label in {"positive", "negative"}
