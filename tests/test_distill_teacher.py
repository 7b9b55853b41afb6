"""taskzoo.distill with real fastText teachers/students; bad teachers and bad inputs."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from distill_support import sample, strong

import taskzoo as tz
from taskzoo.distill import AnswerCache, CachedModel, clean_reply
from taskzoo.results import Label


@pytest.fixture(scope="module")
def teacher() -> tz.Pipeline:
    return strong()


@pytest.fixture(scope="module")
def unlabelled() -> list[str]:
    return sample("train")[0][120:700]  # texts only: their labels are never used here


class Counting:
    """A real teacher that counts the texts it is asked about; optionally stops (like Ctrl-C)
    after ``stop_after`` batches, or corrupts some answers (like an LLM going off-script)."""

    def __init__(self, model: Any, stop_after: int | None = None,
                 corrupt: dict[int, Label] | None = None) -> None:
        self.model, self.card, self.task = model, model.card, model.task
        self.asked = 0
        self.batches = 0
        self.stop_after = stop_after
        self.corrupt = corrupt or {}

    def load(self) -> Any:
        return self.model.load()

    def predict_batch(self, items: list[str], **kwargs: Any) -> list[Any]:
        if self.stop_after is not None and self.batches >= self.stop_after:
            raise KeyboardInterrupt
        self.batches += 1
        out = self.model.predict_batch(items, **kwargs)
        out = [self.corrupt.get(self.asked + i, r) for i, r in enumerate(out)]
        self.asked += len(items)
        return out


def test_distill_trains_a_student_and_reports(teacher, unlabelled, tmp_path) -> None:
    texts = [*unlabelled, "", "   ", unlabelled[0].upper()]
    report = tz.distill("sentiment", texts, teacher=teacher, student="fasttext",
                        output_dir=tmp_path / "student", labelled=sample("validation"),
                        cache=tmp_path / "cache.sqlite", progress=False)
    c = report.counts
    assert (c["texts"], c["blank"], c["duplicate"]) == (len(texts), 2, 1)
    assert c["used"] == len(unlabelled) and c["asked"] == len(unlabelled)
    assert set(report.label_counts) == {"negative", "positive"}
    ev = report.evaluation
    assert ev["items"] == len(sample("validation")[0])
    assert 0.5 < ev["teacher_accuracy"] <= 1 and 0.5 < ev["student_accuracy"] <= 1
    # the student learnt the teacher's labels (chance is ~0.5; measured 0.89 — fastText now
    # trains in a fresh interpreter, so a long test session no longer moves it to 0.65)
    assert ev["agreement"] > 0.8
    student = tz.load("sentiment", model=report.model_dir)
    assert student("a gorgeous, moving film").label in {"negative", "positive"}
    assert "used for training" in report.summary()


def test_interrupted_labelling_resumes_from_the_cache(teacher, unlabelled, tmp_path) -> None:
    cache = AnswerCache(tmp_path / "answers.sqlite")
    texts = unlabelled[:200]
    with pytest.raises(KeyboardInterrupt):
        tz.distill("sentiment", texts, teacher=Counting(teacher, stop_after=3), batch_size=32,
                   output_dir=tmp_path / "s1", cache=cache, progress=False)
    assert len(cache) == 96
    again = Counting(teacher)
    report = tz.distill("sentiment", texts, teacher=again, batch_size=32,
                        output_dir=tmp_path / "s2", cache=cache, progress=False)
    assert (report.counts["cached"], report.counts["asked"], again.asked) == (96, 104, 104)
    # a third run asks nothing
    third = Counting(teacher)
    tz.distill("sentiment", texts, teacher=third, output_dir=tmp_path / "s3", cache=cache,
               progress=False)
    assert third.asked == 0


def test_unparseable_and_off_label_answers_are_counted_and_skipped(teacher, unlabelled,
                                                                   tmp_path) -> None:
    corrupt = {i: Label("<unparsed>", 0.0) for i in range(0, 40, 4)}
    corrupt.update({i: Label("neutral", 0.9) for i in range(1, 40, 8)})
    bad = Counting(teacher, corrupt=corrupt)
    report = tz.distill("sentiment", unlabelled[:300], teacher=bad, output_dir=tmp_path / "s",
                        cache=False, progress=False)
    assert report.counts["unparseable"] == 10 and report.counts["off_label"] == 5
    assert report.counts["used"] == 300 - 15
    assert any("off_label: 'neutral'" in s for s in report.skipped_examples)
    assert sum(report.label_counts.values()) == 285


def test_confidence_filter(teacher, unlabelled, tmp_path) -> None:
    scores = [r.score for r in teacher(unlabelled[:300])]
    cut = sorted(scores)[len(scores) // 3]  # keeps about two thirds
    report = tz.distill("sentiment", unlabelled[:300], teacher=teacher, min_confidence=cut,
                        output_dir=tmp_path / "s", cache=False, progress=False)
    assert report.counts["low_confidence"] == sum(s < cut for s in scores) > 0
    assert report.counts["used"] == sum(s >= cut for s in scores)


def test_teacher_that_never_answers_a_label(teacher, tmp_path) -> None:
    texts = sample("train")[0][:40]
    hopeless = Counting(teacher, corrupt={i: Label("<unparsed>", 0.0) for i in range(40)})
    with pytest.raises(tz.InvalidInputError, match="too few to train"):
        tz.distill("sentiment", texts, teacher=hopeless, output_dir=tmp_path / "s", cache=False,
                   progress=False)


@pytest.mark.parametrize(("texts", "kwargs", "match"), [
    ([], {}, "no texts to label"),
    ("one text", {}, "single string"),
    (["fine", 3], {}, r"texts\[1\] is a int"),
    (["fine"], {"student": "xgboost"}, "unknown student"),
    (["fine"], {"min_confidence": 1.5}, "min_confidence must be"),
])
def test_distill_bad_input(teacher, texts, kwargs, match, tmp_path) -> None:
    with pytest.raises(tz.InvalidInputError, match=match):
        tz.distill("sentiment", texts, teacher=teacher, output_dir=tmp_path / "s", **kwargs)


def test_cached_model_asks_once(teacher, unlabelled, tmp_path) -> None:
    counting = Counting(teacher)
    cached = CachedModel(counting, tmp_path / "c.sqlite")
    first = cached(unlabelled[:50])
    second = cached(unlabelled[:50])
    assert counting.asked == 50
    assert [r.label for r in first] == [r.label for r in second] == \
        [r.label for r in teacher(unlabelled[:50])]


def test_clean_reply() -> None:
    assert clean_reply('Sure! Here is a message:\n"Your parcel is waiting, pay £1.99 now"') == \
        "Your parcel is waiting, pay £1.99 now"
    assert clean_reply("Message: see you at 6 tonight?") == "see you at 6 tonight?"
    assert clean_reply("ok") is None and clean_reply("   ") is None


def test_generate_bad_input() -> None:
    with pytest.raises(tz.InvalidInputError, match="two distinct labels"):
        tz.generate("spam", ["spam"], 4)
    with pytest.raises(tz.InvalidInputError, match="n must be"):
        tz.generate("spam", ["spam", "ham"], 1)
    with pytest.raises(tz.InvalidInputError, match="chat LLM"):
        tz.generate("langid", ["en", "fr"], 4, teacher="lid176")


def test_generate_with_smollm2(tmp_path) -> None:
    data = tz.generate("spam", {"spam": "a scam text message about a parcel",
                                "ham": "a text message from a friend about dinner"}, 4,
                       teacher="smollm2-135m", seed=3, output=tmp_path / "made.jsonl",
                       max_prompts=4, cache=tmp_path / "c.sqlite", progress=False)
    rows = (tmp_path / "made.jsonl").read_text().splitlines()
    assert len(rows) == len(data.texts) > 0 and data.prompts <= 4
    assert set(Counter(data.labels)) <= {"spam", "ham"} and max(Counter(data.labels).values()) <= 2
    assert len({t.lower() for t in data.texts}) == len(data.texts)
    again = tz.generate("spam", {"spam": "a scam text message about a parcel",
                                 "ham": "a text message from a friend about dinner"}, 4,
                        teacher="smollm2-135m", seed=3, output=tmp_path / "again.jsonl",
                        max_prompts=4, cache=tmp_path / "c.sqlite", progress=False)
    assert again.texts == data.texts and again.cached == again.prompts


def test_a_remote_teacher_is_known_by_its_server_and_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``openai-compat`` takes its server from the environment: two servers (or two models on
    one) are two teachers, so the answer cache never hands one's answers out as the other's."""
    from taskzoo.distill import teacher_identity

    def identity(url: str, model: str | None = None) -> str:
        monkeypatch.setenv("TASKZOO_OPENAI_BASE_URL", url)
        if model:
            monkeypatch.setenv("TASKZOO_OPENAI_MODEL", model)
        return teacher_identity(tz.load("sentiment", model="openai-compat"))

    first = identity("http://127.0.0.1:8001/v1")
    assert "http://127.0.0.1:8001/v1/chat/completions model=default" in first
    assert identity("http://127.0.0.1:8001/v1") == first
    assert identity("http://127.0.0.1:8002/v1") != first
    assert identity("http://127.0.0.1:8001/v1", model="big-llm") != first
