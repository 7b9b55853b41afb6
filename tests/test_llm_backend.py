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
from taskzoo.results import Label

pytest.importorskip("gguf")
pytest.importorskip("transformers")

TEXTS = ["Guten Morgen, wie geht es dir?", "Good morning, how are you today?"]


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


def test_prompt_is_built_as_documented() -> None:
    prompt = make_prompt("spam", ("ham", "spam"))
    messages = prompt.messages("Claim your prize now")
    assert messages[0] == {"role": "system", "content": prompt.instruction}
    assert "Answer with exactly one of: not spam, spam." in prompt.instruction
    turns = messages[1:-1]  # the few-shot examples: user, then the expected answer
    assert turns and [m["role"] for m in turns] == ["user", "assistant"] * (len(turns) // 2)
    assert {m["content"] for m in turns[1::2]} <= {"not spam", "spam"}
    assert messages[-1] == {"role": "user", "content": "Claim your prize now"}
    assert "ISO 639-1" in make_prompt("langid").instruction
    assert "PERSON" in make_prompt("ner").instruction


# What SmolLM2-135M gets right, asserted; what it gets wrong is its measured baseline (see
# docs/evaluation.md: it answers "de" for French, "en" for Spanish and [] for "Barack Obama
# visited Paris."), not something a test should pass on.
def test_llm_langid_gets_easy_english_and_german_right(llm_langid: tz.Pipeline) -> None:
    texts = ["Good morning, how are you today?", "I would like a cup of coffee, please.",
             "Guten Morgen, wie geht es dir?"]
    first = llm_langid(texts)
    assert [r.label for r in first] == ["en", "en", "de"]
    assert all(0.0 < r.score <= 1.0 for r in first)
    assert llm_langid(texts) == first  # greedy decoding: the same answers every time


def test_llm_ner_finds_the_entities_of_an_easy_sentence() -> None:
    pipe = tz.load("ner", model="smollm2-135m")
    text = "Angela Merkel met Emmanuel Macron in Berlin."
    found = [(e.text, e.label, e.start, e.end) for e in pipe(text)]
    assert found == [("Angela Merkel", "PERSON", 0, 13), ("Emmanuel Macron", "PERSON", 18, 33),
                     ("Berlin", "GPE", 37, 43)]


def test_llm_rejects_bad_shots(llm_langid: tz.Pipeline) -> None:
    with pytest.raises(tz.InvalidInputError, match="shots"):
        llm_langid("hello", shots=-1)


# -- sentiment with a neutral class ---------------------------------------------------------------
THREE_WAY = ("negative", "neutral", "positive")
#: hand-written, one per label, none from any data split. SmolLM2 reads many clear texts wrongly
#: (e.g. "Worst customer service ever." -> neutral; 0.45 macro-F1 on tweets validation): its
#: errors are its measured baseline (tasks/sentiment/README.md), these it must keep right.
CLEAR_3WAY = [
    ("Thanks so much, the team was really helpful!", "positive"),
    ("This is terrible, I am so angry and disappointed.", "negative"),
    ("The store opens at 9am on Monday.", "neutral"),
]


def test_three_way_prompt_asks_for_neutral_only_when_the_labels_have_it() -> None:
    three = make_prompt("sentiment", THREE_WAY)
    two = make_prompt("sentiment", ("negative", "positive"))
    assert "neutral" in three.instruction and three.answers == THREE_WAY
    assert {answer for _, answer in three.shots} == set(THREE_WAY)
    assert "neutral" not in two.instruction and two.answers == ("negative", "positive")
    assert {answer for _, answer in two.shots} == {"negative", "positive"}


def test_three_way_llm_is_its_own_catalog_row() -> None:
    card = tz.resolve("sentiment", "smollm2-3way")
    assert card.name == "smollm2-135m-3way" and card.labels == THREE_WAY
    assert set(card.options["answer_bias"]) <= set(THREE_WAY)
    assert tz.resolve("sentiment", "smollm2-135m").labels == ("negative", "positive")
    assert tz.resolve("sentiment", "openai-compat").labels == ("negative", "positive")


@pytest.fixture(scope="session")
def llm_sentiment_3way() -> tz.Pipeline:
    pipe = tz.load("sentiment", model="smollm2-135m-3way")
    pipe.load()
    return pipe


def test_llm_three_way_gets_clear_texts_right(llm_sentiment_3way: tz.Pipeline) -> None:
    out = llm_sentiment_3way([text for text, _ in CLEAR_3WAY], scores=True)
    assert [r.label for r in out] == [label for _, label in CLEAR_3WAY]
    for r in out:
        assert r.scores is not None and tuple(r.scores) == THREE_WAY
        assert sum(r.scores.values()) == pytest.approx(1.0, abs=1e-4)
        assert r.score == r.scores[r.label] == max(r.scores.values())


def test_answer_bias_moves_the_answer_and_names_only_labels(
    llm_sentiment_3way: tz.Pipeline,
) -> None:
    card = llm_sentiment_3way.card
    positive = CLEAR_3WAY[0][0]
    leaning = tz.load("sentiment", model=card.with_options(answer_bias={"neutral": 30.0}))
    assert leaning(positive).label == "neutral"  # the shared model, not a second load
    unbiased = tz.load("sentiment", model=card.with_options(answer_bias={}))
    assert unbiased(positive).label == "positive"
    with pytest.raises(tz.ModelLoadError, match="answer_bias names"):
        tz.load("sentiment", model=card.with_options(answer_bias={"mixed": 1.0}))(positive)


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
    assert [r.label for r in got] == [r.label for r in local] == ["de", "en"]


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
