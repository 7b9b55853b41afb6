"""The LLM baseline: prompt parsing, the real SmolLM2 model, and the OpenAI-compatible client
against a loopback server answering with that same model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import taskzoo as tz
from taskzoo.backends.llm_tasks import (
    UNPARSED,
    Reply,
    make_prompt,
    parse_entities,
    parse_label,
    parse_language,
)
from taskzoo.results import Entity, Label

pytest.importorskip("gguf")
pytest.importorskip("transformers")

TEXTS = ["Je voudrais un café, s'il vous plaît.", "The weather is lovely today."]


# -- parsing (no model) ----------------------------------------------------------------------------
@pytest.mark.parametrize(("reply", "expected"), [
    ("positive", "positive"),
    ("Negative.", "negative"),
    ('{"label": "positive"}', "positive"),
    ("```json\n{\"label\": \"negative\"}\n```", "negative"),
    ("The sentiment is negative, not positive", "negative"),
    ("I cannot tell", None),
    ("", None),
])
def test_parse_label(reply: str, expected: str | None) -> None:
    assert parse_label(reply, ("negative", "positive"), {}) == expected


def test_parse_label_prefers_not_spam_over_spam() -> None:
    assert parse_label("not spam", ("ham", "spam"), {"not spam": "ham"}) == "ham"
    assert parse_label("spam!", ("ham", "spam"), {"not spam": "ham"}) == "spam"


@pytest.mark.parametrize(("reply", "expected"), [
    ("fr", "fr"), ("French", "fr"), ('{"language": "de"}', "de"), ("en-US", "en"),
    ("??", None), ("", None),
])
def test_parse_language(reply: str, expected: str | None) -> None:
    assert parse_language(reply) == expected


def test_parse_entities_locates_spans_and_drops_junk() -> None:
    text = "Tim Cook met Tim Cook in Paris."
    reply = ('[{"text": "Tim Cook", "label": "PERSON"}, {"text": "Tim Cook", "label": "PERSON"},'
             ' {"text": "Paris", "label": "GPE"}, {"text": "London", "label": "GPE"},'
             ' {"text": "Cook", "label": "ALIEN"}, "junk"]')
    ents = parse_entities(text, reply, ("PERSON", "GPE"))
    assert [(e.text, e.label, e.start, e.end) for e in ents] == [
        ("Tim Cook", "PERSON", 0, 8), ("Tim Cook", "PERSON", 13, 21), ("Paris", "GPE", 25, 30)]
    assert all(text[e.start:e.end] == e.text for e in ents)
    assert parse_entities(text, "no entities here {", ("PERSON",)) == []


def test_unparseable_reply_is_a_wrong_label_not_a_crash() -> None:
    prompt = make_prompt("sentiment", ("negative", "positive"))
    assert prompt.parse("x", Reply("hmm, hard to say")) == Label(UNPARSED, 0.0)
    assert prompt.parse("x", Reply("positive", 0.9)) == Label("positive", 0.9)


def test_prompt_is_few_shot_by_default_and_zero_shot_on_request() -> None:
    few = make_prompt("spam", ("ham", "spam"))
    zero = make_prompt("spam", ("ham", "spam"), shots=0)
    assert len(few.messages("hi")) > len(zero.messages("hi")) == 2
    assert "not spam" in few.instruction


# -- the real model -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def llm_langid() -> tz.Pipeline:
    pipe = tz.load("langid", model="smollm2-135m")
    pipe.load()
    return pipe


def test_llm_is_a_registered_non_default_model() -> None:
    for task in ("langid", "ner"):
        names = [card.name for card in tz.models(task)]
        assert "smollm2-135m" in names and names[0] != "smollm2-135m"
    card = tz.resolve("ner", "smollm2-135m")
    assert card.extra == "llm" and card.source is not None


def test_llm_langid_answers_with_labels_deterministically(llm_langid: tz.Pipeline) -> None:
    first = llm_langid(TEXTS)
    assert len(first) == 2 and all(isinstance(r, Label) for r in first)
    assert all(r.label == UNPARSED or len(r.label) == 2 for r in first)
    assert all(0.0 <= r.score <= 1.0 for r in first)
    assert llm_langid(TEXTS) == first  # greedy decoding


def test_llm_ner_returns_entities_with_valid_offsets() -> None:
    pipe = tz.load("ner", model="smollm2-135m")
    text = "Barack Obama visited Paris."
    entities = pipe(text)
    assert isinstance(entities, list) and all(isinstance(e, Entity) for e in entities)
    assert all(text[e.start:e.end] == e.text for e in entities)
    assert all(e.label in {"PERSON", "ORG", "GPE", "LOC", "DATE"} for e in entities)


def test_llm_rejects_bad_shots(llm_langid: tz.Pipeline) -> None:
    with pytest.raises(tz.InvalidInputError, match="shots"):
        llm_langid("hello", shots=-1)


# -- OpenAI-compatible client against a loopback server ------------------------------------------
@pytest.fixture(scope="session")
def server(llm_langid: tz.Pipeline) -> Iterator[object]:
    from taskzoo.llm_server import ChatServer, smollm_generate

    calls = {"n": 0}
    generate = smollm_generate()

    def flaky(conversations: list, max_tokens: int) -> list[Reply]:
        calls["n"] += 1
        if calls["n"] == 1:  # the very first request fails: the client must retry
            raise RuntimeError("simulated server failure")
        return generate(conversations, max_tokens)

    srv = ChatServer(flaky, api_key="test-key").start()
    yield srv
    srv.stop()


def test_openai_client_matches_local_model_and_retries(
    server: object, llm_langid: tz.Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taskzoo.backends.openai_compat import openai_card

    monkeypatch.setenv("TZ_TEST_KEY", "test-key")
    card = openai_card("langid", base_url=server.url, model_name="smollm2-135m",  # type: ignore[attr-defined]
                       api_key_env="TZ_TEST_KEY", backoff=0.05, retries=2, concurrency=2)
    remote = tz.load("langid", model=card)
    got = [remote(text) for text in TEXTS]
    local = [llm_langid(text) for text in TEXTS]
    assert [r.label for r in got] == [r.label for r in local]


def test_openai_client_wrong_key_fails_clearly(server: object) -> None:
    from taskzoo.backends.openai_compat import ChatRequestError, openai_card

    card = openai_card("langid", base_url=server.url, api_key_env="TZ_NO_SUCH_VAR",  # type: ignore[attr-defined]
                       retries=1, backoff=0.01)
    with pytest.raises(ChatRequestError, match="HTTP 401"):
        tz.load("langid", model=card)("hello")


def test_openai_client_without_url_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TASKZOO_OPENAI_BASE_URL", raising=False)
    with pytest.raises(tz.ModelLoadError, match="TASKZOO_OPENAI_BASE_URL"):
        tz.load("langid", model="openai-compat")("hello")


def test_llm_classification_picks_an_allowed_label_in_one_pass(llm_langid: tz.Pipeline) -> None:
    import dataclasses

    card = dataclasses.replace(tz.resolve("langid", "smollm2-135m"), labels=("ham", "spam"),
                               options={"prompt_task": "spam"})
    pipe = tz.load("langid", model=card)
    out = pipe(["WIN a FREE iPhone now!!! Click http://win.example", "See you at lunch, Sam"])
    assert all(r.label in {"ham", "spam"} and 0.5 <= r.score <= 1.0 for r in out)
