"""Cascades whose deferral is learned from the small model's confidence and cheap advisors
(taskzoo.deferral), with the rule-based VADER sentiment model as the advisor; real fastText
models and Rotten Tomatoes snippets (see distill_support)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from distill_support import Recorder, sample

import taskzoo as tz
from taskzoo.combine import Cascade
from taskzoo.deferral import DeferralModel, agreement, fit_deferral
from taskzoo.results import Label


@pytest.fixture(scope="module")
def vader() -> tz.Pipeline:
    return tz.load("sentiment", model="vader")


@pytest.fixture(scope="module")
def advised(small, large, vader) -> Cascade:
    return tz.cascade(small, large, validation=sample("validation"), max_deferral=0.4,
                      advisors=[vader])


# -- the VADER advisor -----------------------------------------------------------------------------
def test_vader_reads_negation_and_contrast(vader) -> None:
    out = vader(["a good film", "not a good film", "The acting is fine, but the plot is awful.",
                 "a", "   "], scores=True)
    assert [r.label for r in out[:3]] == ["positive", "negative", "negative"]
    assert out[0].scores["positive"] > 0.5 > out[1].scores["positive"]
    assert out[3].score == 0.5  # no sentiment words at all: compound 0
    assert out[4] == Label("neutral", 0.0, {})
    assert vader.card.license.startswith("MIT") and vader.card.metrics


# -- the trust model -------------------------------------------------------------------------------
def test_agreement_uses_class_probabilities_or_label() -> None:
    assert agreement("positive", Label("positive", 0.9, {"positive": 0.9, "negative": 0.1})) \
        == pytest.approx(0.8)
    assert agreement("negative", Label("positive", 0.9, {"positive": 0.9, "negative": 0.1})) \
        == pytest.approx(-0.8)
    assert agreement("negative", Label("positive", 0.7)) == pytest.approx(-0.7)
    assert agreement("positive", Label("positive", 0.7)) == pytest.approx(0.7)


def test_trust_learns_that_a_disagreeing_advisor_means_trouble() -> None:
    rng = np.random.default_rng(0)
    n = 400
    confidence = rng.uniform(0.55, 0.95, n)
    right = rng.uniform(size=n) < 0.8
    small = [Label("positive" if ok else "negative", float(c)) for ok, c in zip(right, confidence,
                                                                                   strict=True)]
    # the advisor always says "positive" (the truth here), strongly
    advice = [[Label("positive", 0.95, {"positive": 0.95, "negative": 0.05})] * n]
    model, cross_fitted = fit_deferral(small, advice, list(right), ["oracle"])
    assert isinstance(model, DeferralModel) and len(cross_fitted) == n
    trust = model.trust(small, advice)
    assert trust[right].min() > 0.5 > trust[~right].max()  # it learned to follow the advisor
    assert np.array(cross_fitted)[right].mean() > np.array(cross_fitted)[~right].mean() + 0.5
    assert model.describe()["agreement:oracle"] > 0
    with pytest.raises(tz.InvalidInputError, match="expected advice from 1 advisors"):
        model.trust(small, [])


def test_trust_model_refuses_too_little_or_one_sided_data() -> None:
    small = [Label("positive", 0.9)] * 10
    advice = [[Label("positive", 0.9)] * 10]
    with pytest.raises(tz.InvalidInputError, match="at least 20 labelled validation items"):
        fit_deferral(small, advice, [True] * 5 + [False] * 5, ["a"])
    with pytest.raises(tz.InvalidInputError, match="always right"):
        fit_deferral(small * 3, [advice[0] * 3], [True] * 30, ["a"])


# -- cascades with advisors ------------------------------------------------------------------------
def test_advised_cascade_defers_where_trust_is_low(advised, small, vader) -> None:
    assert advised.advisors == [vader] and advised.deferral is not None
    assert "vader" in advised.name and "advisors" in repr(advised)
    assert advised.validation["deferral"] <= 0.4
    assert advised.deferral.describe()["agreement:vader"] > 0  # agreeing with VADER earns trust
    texts, gold = sample("validation")
    results = advised(texts)
    trust = advised.trust(texts, small(texts))
    assert [r.deferred for r in results] == [t < advised.threshold for t in trust]
    # choosing on cross-fitted trust: the real run reproduces the validation operating point
    # within a few items (the final trust model is fitted on all the validation items)
    assert advised.deferral_rate == pytest.approx(advised.validation["deferral"], abs=0.05)
    accuracy = sum(r.label == g for r, g in zip(results, gold, strict=True)) / len(gold)
    assert accuracy == pytest.approx(advised.validation["accuracy"], abs=0.05)


def test_advised_cascade_streams_batches_and_pickles(advised, small, large, vader) -> None:
    texts = sample("validation")[0][:90]
    spy = Recorder(vader)
    watched = Cascade(small, large, advised.threshold, "sentiment", advisors=[spy],
                         deferral=advised.deferral)
    streamed = list(watched.stream(iter(texts), batch_size=16))
    assert [r.label for r in streamed] == [r.label for r in advised(texts)]
    assert spy.batches == [16] * 5 + [10]  # the advisor runs beside the small model, per batch
    copy = pickle.loads(pickle.dumps(advised))
    assert [r.deferred for r in copy(texts)] == [r.deferred for r in advised(texts)]


def test_advisors_bad_arguments(small, large, vader, tmp_path) -> None:
    with pytest.raises(tz.InvalidInputError, match="advisors= needs validation"):
        tz.cascade(small, large, threshold=0.7, advisors=[vader])
    with pytest.raises(tz.InvalidInputError, match="different tasks"):
        tz.cascade(small, large, validation=sample("validation"), advisors=[tz.load("langid")])
    with pytest.raises(tz.InvalidInputError, match="at least 20"):
        tz.cascade(small, large, validation=[("good", "positive"), ("bad", "negative")] * 5,
                   advisors=["vader"])
    with pytest.raises(tz.InvalidInputError, match="go together"):
        Cascade(small, large, 0.5, "sentiment", advisors=[vader])
    # an advisor by name resolves in the small model's task
    named = tz.cascade(small, large, validation=sample("validation"), advisors="vader")
    assert [a.card.name for a in named.advisors] == ["vader"]
    alone = tz.cascade(small, large, validation=sample("validation"), advisors=vader)
    assert alone.advisors == [vader] and alone.threshold == named.threshold


def test_two_advisors_static_vectors_and_vader(small, large, vader) -> None:
    static = tz.load("sentiment", model="minilm-static-rt")
    both = tz.cascade(small, large, validation=sample("validation"), max_deferral=0.4,
                      advisors=[vader, static])
    weights = both.deferral.describe()
    assert set(weights) == {"small_confidence", "agreement:vader", "agreement:minilm-static-rt",
                            "bias"}
    # agreeing with a model that knows words the small model never saw earns trust (the
    # small model's confidence shares much of that signal, so its own weight may land near 0
    # either side: its sign is not asserted; the accuracy checks below are what matter)
    assert weights["agreement:minilm-static-rt"] > 0
    texts = sample("validation")[0]
    results, first = both(texts), small(texts)
    trust = both.trust(texts, first)
    assert [r.deferred for r in results] == [t < both.threshold for t in trust]
    assert all(r.label == f.label for r, f in zip(results, first, strict=True) if not r.deferred)
    assert 0 < both.deferral_rate < 0.5
    assert both.validation["accuracy"] > both.validation["small_accuracy"]
