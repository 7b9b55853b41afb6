"""Property-based fuzzing of the one-liners on the real default models: any ``str`` (lone
surrogates included), nested lists and mixed batches give a result per input or a typed
``InvalidInputError``; never a ``TypeError`` from tokenizers/fastText or a ``UnicodeEncodeError``
from spaCy. Examples hypothesis found are kept as regular tests at the bottom.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import taskzoo as tz
from taskzoo.errors import InvalidInputError
from taskzoo.results import Entity, Label

EXAMPLES = int(os.environ.get("TASKZOO_FUZZ_EXAMPLES", "150")) // 10
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
any_text = st.text(any_char, max_size=200)
not_text = st.one_of(
    st.none(), st.integers(), st.floats(), st.binary(max_size=20),
    st.lists(any_text, min_size=1, max_size=2), st.dictionaries(any_text, any_text),
)

TEXT_TASKS = {
    "sentiment": tz.sentiment, "spam": tz.spam, "ner": tz.ner, "langid": tz.langid,
    "embeddings": tz.embed,
}


@pytest.fixture(scope="module", params=sorted(TEXT_TASKS))
def oneliner(request: pytest.FixtureRequest):
    """A text one-liner with its default model loaded once."""
    fn = TEXT_TASKS[request.param]
    fn("warm-up")
    return fn


def check_result(fn, out: object) -> None:
    if fn is tz.embed:
        assert isinstance(out, np.ndarray) and np.isfinite(out).all()
    elif fn is tz.ner:
        assert isinstance(out, list) and all(isinstance(e, Entity) for e in out)
    else:
        assert isinstance(out, Label) and 0.0 <= out.score <= 1.0


@FUZZ
@given(text=any_text)
def test_any_str_gives_a_result(oneliner, text: str) -> None:
    check_result(oneliner, oneliner(text))


@FUZZ
@given(batch=st.lists(st.one_of(any_text, not_text), max_size=5))
def test_mixed_batches_give_results_or_invalid_input(oneliner, batch: list) -> None:
    if all(isinstance(item, str) for item in batch):
        outs = oneliner(batch)
        assert len(outs) == len(batch)
        for out in outs:
            check_result(oneliner, out)
    else:
        with pytest.raises(InvalidInputError, match=r"input|expected"):
            oneliner(batch)


# -- found examples, kept as regular tests -------------------------------------------------------
@pytest.mark.parametrize("text", [
    json.loads('"I loved it \\ud800"'),                              # what json.loads returns
    b"caf\xe9 au lait".decode("utf-8", errors="surrogateescape"),     # undecodable bytes kept
    "\udcff",
])
def test_lone_surrogates_are_replaced_not_a_crash(oneliner, text: str) -> None:
    out = oneliner(text)
    check_result(oneliner, out)
    clean = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    again = oneliner(clean)
    if isinstance(out, np.ndarray):
        assert np.allclose(out, again, atol=1e-5)
    else:
        assert out == again  # the documented rule: same as the text with U+FFFD in place


def test_ner_offsets_index_the_original_text() -> None:
    text = "Tim Cook visited Paris \ud800 in May"
    for entity in tz.ner(text):
        assert text[entity.start:entity.end] == entity.text


@pytest.mark.parametrize("oneliner", [tz.ocr, tz.detect, tz.transcribe],
                         ids=["ocr", "detect", "transcribe"])
def test_file_oneliners_refuse_unusable_paths_with_a_typed_error(oneliner) -> None:
    bad = ["a" * 5000, "/tmp/" + "d/" * 3000 + "x", "a\x00b", "\ud800.png", "/", "",
           ["ok.png", "a" * 5000]]
    for item in bad:  # was a bare OSError ("File name too long") for the long ones
        with pytest.raises(InvalidInputError, match=r"file|expected"):
            oneliner(item)
