"""Cascades and ensembles on real fastText sentiment models (see distill_support)."""

from __future__ import annotations

import pickle

import pytest
from distill_support import Recorder, sample

import taskzoo as tz
from taskzoo.combine import Cascade, CascadeLabel, CurvePoint, Ensemble, choose, from_spec, tradeoff
from taskzoo.results import Label
from taskzoo.train import train as train_model


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return sample("validation")[0]


@pytest.fixture(scope="module")
def median(small, texts) -> float:
    """The small model's median confidence: half the items are deferred at this threshold."""
    scores = sorted(r.score for r in small(texts))
    return scores[len(scores) // 2]


# -- the curve -------------------------------------------------------------------------------------
def test_tradeoff_points_are_exact() -> None:
    conf = [0.9, 0.6, 0.6, 0.8]
    small_ok = [True, False, True, False]
    large_ok = [True, True, True, True]
    points = tradeoff(conf, small_ok, large_ok)
    # nothing deferred; then both 0.6 items (ties move together); then 0.8; then everything
    assert points == [CurvePoint(0.0, 0.0, 0.5), CurvePoint(0.8, 0.5, 0.75),
                      CurvePoint(0.9, 0.75, 1.0), CurvePoint(1.0, 1.0, 1.0)]
    assert choose(points, target_accuracy=0.7, max_deferral=None).threshold == 0.8
    assert choose(points, target_accuracy=None, max_deferral=0.8).threshold == 0.9
    with pytest.raises(tz.InvalidInputError, match="no threshold reaches"):
        choose(points, target_accuracy=0.9, max_deferral=0.5)


# -- cascades --------------------------------------------------------------------------------------
def test_cascade_chooses_threshold_on_validation(small, large) -> None:
    both = tz.cascade(small, large, max_deferral=0.3, validation=sample("validation"))
    assert 0.0 <= both.threshold <= 1.0
    assert both.validation["deferral"] <= 0.3
    results = both(sample("validation")[0])
    assert both.deferral_rate == pytest.approx(both.validation["deferral"])
    gold = sample("validation")[1]
    accuracy = sum(r.label == g for r, g in zip(results, gold, strict=True)) / len(gold)
    assert accuracy == pytest.approx(both.validation["accuracy"])
    assert both.curve[0].deferral == 0.0 and both.curve[-1].deferral > 0.9


def test_cascade_results_say_who_answered(small, large, texts, median) -> None:
    both = tz.cascade(small, large, threshold=median)
    results = both(texts[:60])
    first, second = small(texts[:60]), large(texts[:60])
    assert all(isinstance(r, CascadeLabel) and isinstance(r, Label) for r in results)
    assert any(r.deferred for r in results) and not all(r.deferred for r in results)
    for r, a, b in zip(results, first, second, strict=True):
        if a.score >= median:
            assert (r.deferred, r.model, r.label) == (False, small.card.name, a.label)
        else:
            assert (r.deferred, r.model, r.label) == (True, large.card.name, b.label)
    assert results[0].to_dict()["model"] in {small.card.name, large.card.name}
    single = both(texts[0])
    assert isinstance(single, CascadeLabel) and single == results[0]


def test_cascade_streams_in_order_with_full_large_batches(small, large, texts, median) -> None:
    spy = Recorder(large)
    both = tz.cascade(small, spy, threshold=median)
    streamed = list(both.stream(iter(texts), batch_size=7, large_batch_size=16))
    assert [r.label for r in streamed] == [r.label for r in tz.cascade(small, large,
                                                                       threshold=median)(texts)]
    assert sum(spy.batches) == sum(r.deferred for r in streamed) > 16
    assert all(size >= 16 for size in spy.batches[:-1])


def test_cascade_extremes_and_pickling(small, large, texts) -> None:
    never = tz.cascade(small, large, threshold=0.0)
    assert not any(r.deferred for r in never(texts[:20]))
    always = tz.cascade(small, large, threshold=1.0)
    assert all(r.deferred for r in always(texts[:20]))
    copy = pickle.loads(pickle.dumps(never))
    assert [r.label for r in copy(texts[:20])] == [r.label for r in small(texts[:20])]


@pytest.mark.parametrize("bad", [-0.1, 1.5, "0.5", True, float("nan")])
def test_cascade_threshold_outside_unit_interval(small, large, bad) -> None:
    with pytest.raises(tz.InvalidInputError, match="threshold must be a number between 0 and 1"):
        tz.cascade(small, large, threshold=bad)


def test_cascade_bad_arguments(small, large) -> None:
    with pytest.raises(tz.InvalidInputError, match="validation"):
        tz.cascade(small, large)
    with pytest.raises(tz.InvalidInputError, match="not both"):
        tz.cascade(small, large, threshold=0.5, validation=sample("validation"))
    with pytest.raises(tz.InvalidInputError, match="target_accuracy must be"):
        tz.cascade(small, large, target_accuracy=2, validation=sample("validation"))
    with pytest.raises(tz.InvalidInputError, match=r"no threshold reaches accuracy 0\.999"):
        tz.cascade(small, large, target_accuracy=0.999, validation=sample("validation"))
    with pytest.raises(tz.InvalidInputError, match="task="):
        tz.cascade("fasttext-rt", "minilm-lora-rt")
    with pytest.raises(tz.InvalidInputError, match="different tasks"):
        tz.cascade(small, tz.load("langid"), threshold=0.5)
    with pytest.raises(tz.InvalidInputError, match="input 0"):
        tz.cascade(small, large, threshold=0.5)([None])


# -- ensembles -----------------------------------------------------------------------------------
def test_ensemble_mean_and_vote(small, large, texts) -> None:
    mean = tz.ensemble([small, large], method="mean")
    out = mean(texts[:40], scores=True)
    a, b = small(texts[:40], scores=True), large(texts[:40], scores=True)
    for r, x, y in zip(out, a, b, strict=True):
        expected = {k: (x.scores[k] + y.scores[k]) / 2 for k in x.scores}
        assert r.scores == pytest.approx(expected, abs=1e-5)
        assert r.label == max(expected, key=expected.get)
    three = tz.ensemble([small, large, large], method="vote")
    assert [r.label for r in three(texts[:40])] == [r.label for r in b]
    assert all(r.score >= 2 / 3 - 1e-6 for r in three(texts[:40]))


def test_ensemble_bad_members(small, large, tmp_path) -> None:
    spam_texts = ["win a free prize now", "lunch at noon?", "claim your reward", "see you soon"]
    pairs = list(zip(spam_texts * 3, ["spam", "ham"] * 6, strict=True))
    spam = train_model("text-classification", pairs, method="fasttext",
                       output_dir=tmp_path / "spam", progress=False)
    other = tz.load("text-classification", model=str(spam))
    sentiment = tz.load("text-classification", model=small.card.name)
    with pytest.raises(tz.InvalidInputError, match="different label sets"):
        tz.ensemble([sentiment, other]).load()
    with pytest.raises(tz.InvalidInputError, match="different tasks"):
        tz.ensemble([small, tz.load("langid")])
    with pytest.raises(tz.InvalidInputError, match="unknown ensemble method"):
        tz.ensemble([small, large], method="median")
    with pytest.raises(tz.InvalidInputError, match="at least two"):
        tz.ensemble([small])
    with pytest.raises(tz.InvalidInputError, match="weights"):
        tz.ensemble([small, large], weights=[1, -1])


def test_evaluate_shows_cascade_and_ensemble_rows(small, large) -> None:
    texts, labels = sample("validation")
    records = [{"text": t, "label": y} for t, y in zip(texts[:60], labels[:60], strict=True)]
    both = tz.cascade(small, large, threshold=0.8)
    vote = tz.ensemble([small, large, both], method="vote")
    report = tz.evaluate("sentiment", models=[small, large, both, vote], data=records,
                         isolate=False, latency_items=2)
    rows = {m.name: m for m in report.models}
    assert set(rows) == {small.card.name, large.card.name, both.name, vote.name}
    assert all(m.error is None and 0 <= m.quality["accuracy"] <= 1 for m in rows.values())
    deferred = sum(r.deferred for r in both([r["text"] for r in records])) / len(records)
    assert rows[both.name].quality["deferral"] == pytest.approx(deferred)
    assert "deferral" not in rows[small.card.name].quality
    assert "deferral" in report.table()


def test_combinations_named_in_text(small, large) -> None:
    both = from_spec("sentiment", f"cascade:{small.card.name}>{large.card.name}@0.6")
    assert isinstance(both, Cascade) and both.threshold == 0.6
    vote = from_spec("sentiment", f"vote:{small.card.name}+{large.card.name}")
    assert isinstance(vote, Ensemble) and vote.method == "vote"
    assert from_spec("sentiment", "fasttext-rt") is None
    with pytest.raises(tz.InvalidInputError, match="cascade:SMALL>LARGE@THRESHOLD"):
        from_spec("sentiment", f"cascade:{small.card.name}>{large.card.name}")
