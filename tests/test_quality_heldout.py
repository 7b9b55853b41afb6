"""Held-out quality floors of the default models, on data no model was trained or selected on.

Each floor is the accuracy/F1 measured here on 2026-12-07 minus a margin (so a model that
stops generalising fails, while a re-export with slightly different numbers passes):

| task | data | measured | floor |
|---|---|---|---|
| sentiment (minilm-lora-broad) | tests/data/classify/sentiment_ood.jsonl, 60 texts | 0.983 | 0.80 |
| langid (lid176) | tasks/langid/test.jsonl, 75 sentences in 15 languages | 0.987 | 0.95 |
| ner (en_core_web_sm) | tasks/ner/test.jsonl, 40 sentences, span + label | F1 0.922 | 0.85 |
"""

from __future__ import annotations

import json
from pathlib import Path

import taskzoo as tz

ROOT = Path(__file__).resolve().parents[1]


def rows(path: str) -> list[dict]:
    return [json.loads(line) for line in (ROOT / path).read_text().splitlines() if line.strip()]


def accuracy(task: str, path: str) -> float:
    data = rows(path)
    out = tz.run(task, [r["text"] for r in data])
    return sum(o.label == r["label"] for o, r in zip(out, data, strict=True)) / len(data)


def test_sentiment_out_of_domain_accuracy() -> None:
    assert accuracy("sentiment", "tests/data/classify/sentiment_ood.jsonl") >= 0.80


def test_langid_held_out_accuracy(lid: tz.Pipeline) -> None:
    assert accuracy("langid", "tasks/langid/test.jsonl") >= 0.95


def test_ner_held_out_entity_f1(ner_pipe: tz.Pipeline) -> None:
    data = rows("tasks/ner/test.jsonl")
    out = ner_pipe([r["text"] for r in data])
    tp = fp = fn = 0
    for entities, row in zip(out, data, strict=True):
        pred = {(e.start, e.end, e.label) for e in entities}
        gold = {(e["start"], e["end"], e["label"]) for e in row["entities"]}
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.85


def test_spam_one_liner_gets_the_obvious_cases_right() -> None:
    spam = ["WINNER!! You have won a FREE cruise. Reply YES now to claim your prize",
            "URGENT: your account is suspended, verify your bank details at http://bit.ly/x"]
    ham = ["Are we still on for lunch tomorrow at noon?", "Thanks, I got the report. See you."]
    assert [r.label for r in tz.spam(spam)] == ["spam", "spam"]
    assert [r.label for r in tz.spam(ham)] == ["ham", "ham"]
    single = tz.spam(spam[0])
    assert single.label == "spam" and single.score > 0.5
