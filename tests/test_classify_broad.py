"""The sentiment models trained on Rotten Tomatoes + tweets: the three-way fastText model
(positive / negative / neutral) and the stored cascade ``cascade-broad`` loaded by name, measured
on the hand-written cross-domain check set (tasks/sentiment/check_set.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import taskzoo as tz
from taskzoo.combine import CascadeLabel
from taskzoo.combine_store import read_combination
from taskzoo.registry import REGISTRY, resolve
from taskzoo.results import Label

CHECK_SET = Path(__file__).parents[1] / "tasks" / "sentiment" / "check_set.jsonl"
OOD = Path(__file__).parent / "data" / "classify" / "sentiment_ood.jsonl"


def check_set() -> list[dict]:
    return [json.loads(line) for line in CHECK_SET.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def three_way() -> tz.Pipeline:
    return tz.load("sentiment", model="fasttext-3way")


def test_check_set_is_balanced_varied_and_hand_written() -> None:
    rows = check_set()
    labels = [r["label"] for r in rows]
    assert len(rows) >= 300 and len({r["text"] for r in rows}) == len(rows)
    assert labels.count("positive") == labels.count("negative") >= 120
    assert labels.count("neutral") >= 50
    assert {r["domain"] for r in rows} >= {"products", "apps", "restaurants-hotels",
                                          "support-social", "services"}


def test_three_way_model_answers_neutral_for_plain_facts(three_way) -> None:
    rows = check_set()
    out = three_way([r["text"] for r in rows], scores=True)
    assert all(set(r.scores) == {"negative", "neutral", "positive"} for r in out)
    by_label: dict[str, list[bool]] = {}
    for r, row in zip(out, rows, strict=True):
        by_label.setdefault(row["label"], []).append(r.label == row["label"])
    recall = {k: sum(v) / len(v) for k, v in by_label.items()}
    accuracy = sum(map(sum, by_label.values())) / len(rows)
    # Regression guard (measured: recall positive 0.64, negative 0.89, neutral 0.28, accuracy
    # 0.68): every class is found on domains the model never trained on; neutral is the weak
    # one, as the tweets' "neutral" is not the plain factual statements of the check set.
    assert min(recall.values()) >= 0.2 and accuracy >= 0.6, recall
    assert three_way("") == Label("neutral", 0.0)


def test_stored_cascade_is_registered_with_members_that_exist() -> None:
    card = resolve("sentiment", "cascade-broad")
    meta = read_combination(card.source.locate())
    members = [meta["members"]["small"], meta["members"]["large"], *meta["members"]["advisors"]]
    for name in members:  # every member is a registered model with the same labels
        assert set(resolve("sentiment", name).labels) == set(meta["labels"]) == set(card.labels)
    # one weight per feature: the small model's confidence, each advisor's agreement, and a bias
    weights = meta["deferral"]["weights"]
    assert 0.0 < meta["threshold"] < 1.0 and len(weights) == 2 + len(meta["members"]["advisors"])
    assert "cascade-broad" in {c.name for c in REGISTRY.task("sentiment").models}


def test_stored_cascade_runs_by_name_and_defers_some_items() -> None:
    rows = [r for r in check_set() if r["label"] != "neutral"][::4]
    clf = tz.load("sentiment", model="cascade-broad")
    out = clf([r["text"] for r in rows])
    assert all(isinstance(r, CascadeLabel) for r in out)
    accuracy = sum(r.label == row["label"] for r, row in zip(out, rows, strict=True)) / len(rows)
    assert accuracy >= 0.75  # regression guard: measured 0.815 on these 65 (whole set: card)
    assert 0 < sum(r.deferred for r in out) < len(out)
    assert clf("   ") == Label("neutral", 0.0)


def test_default_is_the_broad_lora_continued_from_the_rt_one() -> None:
    card = resolve("sentiment")
    assert card.name == "minilm-lora-broad" == resolve("sentiment", "default").name
    meta = json.loads((card.source.locate() / "card.json").read_text())
    assert meta["method"] == "lora" and meta["labels"] == ["negative", "positive"]
    assert (card.source.locate() / "encoder" / "model.int8.onnx").exists()  # served without torch
    # the last continuation: 3,200 RT + 1,600 tweets + 1,998 cross-domain texts (recipes.py);
    # the shipped card names its starting point, not a path
    assert meta["data"]["label_counts"] == {"negative": 3135, "positive": 3663}
    assert not meta["training"]["hyperparameters"]["init"].startswith("/")


def test_default_reads_other_domain_texts_and_blank_is_neutral() -> None:
    rows = [json.loads(line) for line in OOD.read_text(encoding="utf-8").splitlines() if line]
    out = tz.sentiment([r["text"] for r in rows])
    accuracy = sum(o.label == r["label"] for o, r in zip(out, rows, strict=True)) / len(rows)
    assert accuracy >= 0.85  # regression guard: measured 0.917 on these 60 (card)
    assert all(0.5 <= o.score <= 1.0 for o in out)
    assert tz.sentiment(" ") == Label("neutral", 0.0)
