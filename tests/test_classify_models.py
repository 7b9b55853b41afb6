"""The shipped sentiment and spam models: results, calibration, thresholds, blank text, bad
inputs, the hand-written SMS check set, and one MiniLM encoder shared between pipelines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import taskzoo
from taskzoo.errors import InvalidInputError
from taskzoo.registry import REGISTRY
from taskzoo.results import Label

CHECK_SET = Path(__file__).parent / "data" / "spam_sms_check.jsonl"
OURS = ("taskzoo.backends.fasttext:", "taskzoo.backends.minilm_head:",  # not the LLM baselines
        "taskzoo.backends.vader:")
SENTIMENT_MODELS = [c.name for c in REGISTRY.task("sentiment").models if c.backend.startswith(OURS)]
SPAM_MODELS = [c.name for c in REGISTRY.task("spam").models if c.backend.startswith(OURS)]


@pytest.fixture(scope="session")
def sentiment() -> dict[str, taskzoo.Pipeline]:
    return {name: taskzoo.load("sentiment", model=name) for name in SENTIMENT_MODELS}


@pytest.fixture(scope="session")
def spam() -> dict[str, taskzoo.Pipeline]:
    return {name: taskzoo.load("spam", model=name) for name in SPAM_MODELS}


def check_set() -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in CHECK_SET.read_text(encoding="utf-8").splitlines()]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def test_check_set_is_varied_and_balanced_enough() -> None:
    texts, labels = check_set()
    assert len(texts) >= 120 and len(set(texts)) == len(texts)
    assert 0.3 <= labels.count("spam") / len(labels) <= 0.6


@pytest.mark.parametrize("name", SENTIMENT_MODELS)
def test_sentiment_reads_clear_reviews(sentiment: dict, name: str) -> None:
    clf = sentiment[name]
    texts = ["An absolute delight from start to finish, I loved every minute.",
             "A tedious, badly acted mess. I want my two hours back.",
             "The battery life on this phone is fantastic and the screen is gorgeous.",
             "Terrible customer service, the package arrived broken and nobody replied."]
    out = clf(texts, scores=True)
    assert [r.label for r in out] == ["positive", "negative", "positive", "negative"]
    for r in out:
        assert isinstance(r, Label) and set(r.scores) == set(clf.card.labels)
        assert abs(sum(r.scores.values()) - 1.0) < 1e-3 and r.score == r.scores[r.label]
        assert 0.5 <= r.score <= 1.0


@pytest.mark.parametrize("name", SENTIMENT_MODELS)
def test_sentiment_blank_text_is_neutral(sentiment: dict, name: str) -> None:
    assert sentiment[name](["", "   \n\t"]) == [Label("neutral", 0.0), Label("neutral", 0.0)]
    assert sentiment[name]("", scores=True) == Label("neutral", 0.0, {})


@pytest.mark.parametrize("task", ["sentiment", "spam"])
@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["ok", 5], [["nested"]]])
def test_non_text_inputs_are_refused(task: str, bad: object) -> None:
    with pytest.raises(InvalidInputError):
        taskzoo.run(task, bad)


def test_bad_threshold_is_refused(spam: dict) -> None:
    for value in (1.5, -0.1, "high"):
        with pytest.raises(InvalidInputError, match="threshold"):
            spam[SPAM_MODELS[0]]("free money", threshold=value)


@pytest.mark.parametrize("name", SPAM_MODELS)
def test_spam_threshold_is_on_the_card_and_overridable(spam: dict, name: str) -> None:
    clf = spam[name]
    backend = clf.load()
    assert 0.0 < backend.threshold < 1.0
    short = backend.short_text  # the shipped spam models have a threshold for short messages
    assert short and 0.0 < short["threshold"] < 1.0
    sms = "Your parcel is held at the depot, pay the 1.99 fee at parcel-help.info to release it"
    email = " ".join([sms, "Dear customer, we attempted to deliver your package today."] * 5)
    for text in (sms, email):
        own = short["threshold"] if len(text) <= short["max_chars"] else backend.threshold
        result = clf(text, scores=True)
        p_spam = result.scores["spam"]
        assert result.label == ("spam" if p_spam >= own else "ham")
        assert clf(text, threshold=0.0).label == "spam"
        assert clf(text, threshold=min(1.0, p_spam + 1e-6)).label == "ham"
    assert clf("") == Label("ham", 0.0)


def test_default_spam_model_on_the_sms_check_set(spam: dict) -> None:
    texts, labels = check_set()
    out = spam[SPAM_MODELS[0]](texts)
    accuracy = sum(r.label == y for r, y in zip(out, labels, strict=True)) / len(labels)
    # Measured 0.955 (tasks/spam/README.md; target 0.90). This guards against regressions,
    # e.g. losing the SMS or made training data (email only: 0.63, email + SMS: 0.83).
    assert accuracy >= 0.90


def test_fasttext_scores_do_not_saturate(sentiment: dict) -> None:
    """Scores come from exact logits: fastText's own probabilities round to 1.0 within a few
    words, which tied most confident texts (and broke cascades, which rank by confidence)."""
    rows = [json.loads(line) for line in
            (Path(__file__).parent / "data" / "classify" / "rt_sample.jsonl").read_text()
            .splitlines()][:200]
    texts = [r["text"] for r in rows]
    clf = sentiment["fasttext-rt"]
    out = clf(texts)
    assert len({round(r.score, 9) for r in out}) >= 195
    assert max(r.score for r in out) < 1.0 - 1e-9
    backend = clf.load()  # the labels agree with fastText's own argmax
    from taskzoo.backends.fasttext import fasttext_line

    raw = backend.model.predict([fasttext_line(t, backend.tokenize) for t in texts])[0]
    assert [r.label for r in out] == [backend._name(names[0]) for names in raw]


def test_default_sentiment_is_calibrated_enough(sentiment: dict) -> None:
    rows = [json.loads(line) for line in
            (Path(__file__).parent / "data" / "classify" / "rt_sample.jsonl").read_text()
            .splitlines()][:200]
    out = sentiment[SENTIMENT_MODELS[0]]([r["text"] for r in rows])
    correct = [r.label == row["label"] for r, row in zip(out, rows, strict=True)]
    confidence = sum(r.score for r in out) / len(out)
    accuracy = sum(correct) / len(correct)
    assert accuracy >= 0.75  # training rows: calibration only; held-out floors are in
    # test_quality_heldout.py
    assert abs(confidence - accuracy) < 0.15


def test_minilm_encoder_is_shared_between_pipelines() -> None:
    """The head and static models read the embeddings task's ONNX session itself; the LoRA
    model has the adapter merged into its own (int8) encoder."""
    encoder_models = [c.name for c in REGISTRY.task("sentiment").models
                      if c.backend.endswith(":EncoderClassifier")]
    encoder_models += [c.name for c in REGISTRY.task("spam").models
                       if c.backend.endswith(":EncoderClassifier")]
    assert encoder_models, "no MiniLM-based classifier shipped"
    emb = taskzoo.load("embeddings").load()
    for name in encoder_models:
        task = "sentiment" if name in SENTIMENT_MODELS else "spam"
        backend = taskzoo.load(task, model=name).load()
        if backend.method == "lora":
            assert backend.encoder is not emb.encoder
            assert backend.encoder.config["precision"] == "int8"
        else:
            assert backend.encoder is emb.encoder  # one session, one copy of the weights
    vec = taskzoo.embed("a cat sat on the mat")
    taskzoo.sentiment("a cat sat on the mat")
    assert abs(float(vec @ taskzoo.embed("a cat sat on the mat")) - 1.0) < 1e-5  # unchanged
