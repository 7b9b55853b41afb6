"""Quality metrics: each checked on small cases worked out by hand."""

from __future__ import annotations

import pytest

from taskzoo.evaluation.scoring import kind_of, score


def test_kind_of_task_results() -> None:
    assert kind_of("Label (ISO 639-1 code)") == "classification"
    assert kind_of("list[Entity] with character offsets") == "ner"
    assert kind_of("numpy.ndarray (384,)") is None


def test_classification_counts_failures_and_unparsed_as_wrong() -> None:
    gold = ["pos", "neg", "pos", "neg"]
    pred = [{"label": "pos"}, {"label": "<unparsed>"}, None, {"label": "neg"}]
    out = score("classification", gold, pred)
    assert out["accuracy"] == pytest.approx(0.5)
    # pos: P=1, R=0.5 -> 0.667; neg: P=1, R=0.5 -> 0.667
    assert out["macro_f1"] == pytest.approx(2 / 3)


def test_ner_is_exact_span_and_type() -> None:
    gold = [[{"start": 0, "end": 8, "label": "PERSON"}, {"start": 17, "end": 22, "label": "GPE"}]]
    exact = [[{"start": 0, "end": 8, "label": "PERSON"}, {"start": 17, "end": 22, "label": "GPE"}]]
    assert score("ner", gold, exact) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    off = [[{"start": 0, "end": 3, "label": "PERSON"}, {"start": 17, "end": 22, "label": "ORG"},
            {"start": 9, "end": 16, "label": "CARDINAL"}]]  # CARDINAL: not a gold type, ignored
    assert score("ner", gold, off) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    half = [[{"start": 0, "end": 8, "label": "PERSON"}]]
    out = score("ner", gold, half)
    assert out["precision"] == 1.0 and out["recall"] == 0.5
    assert score("ner", gold, [None])["recall"] == 0.0


def test_text_error_rates() -> None:
    out = score("asr", ["Hello, world!"], [{"text": "hello world"}])
    assert out == {"cer": 0.0, "wer": 0.0}  # ASR is scored after normalisation
    out = score("ocr", ["abcd"], [{"text": "abxd"}])
    assert out["cer"] == pytest.approx(0.25)
    assert score("ocr", ["abcd"], [None])["cer"] == pytest.approx(1.0)


def test_detection_precision_recall_at_iou_half() -> None:
    gold = [[{"label": "person", "x1": 0, "y1": 0, "x2": 10, "y2": 10},
             {"label": "person", "x1": 20, "y1": 20, "x2": 30, "y2": 30}]]
    pred = [{"boxes": [
        {"label": "person", "score": 0.9, "x1": 1, "y1": 0, "x2": 10, "y2": 10},   # IoU 0.9
        {"label": "person", "score": 0.8, "x1": 25, "y1": 25, "x2": 35, "y2": 35},  # IoU 0.14
        {"label": "car", "score": 0.7, "x1": 0, "y1": 0, "x2": 10, "y2": 10},      # wrong label
    ]}]
    out = score("detection", gold, pred)
    assert out["precision"] == pytest.approx(1 / 3) and out["recall"] == pytest.approx(0.5)


def test_detection_wildcard_gold_label_matches_any_class() -> None:
    gold = [[{"label": "*", "x1": 0, "y1": 0, "x2": 10, "y2": 10}]]
    pred = [{"boxes": [{"label": "Fall", "score": 0.9, "x1": 0, "y1": 0, "x2": 10, "y2": 10}]}]
    assert score("detection", gold, pred) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
