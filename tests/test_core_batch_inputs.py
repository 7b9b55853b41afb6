"""What a data scientist passes as a batch: pandas Series, numpy arrays of str, any iterable of
str; bad items and URLs refused before any model loads."""

from __future__ import annotations

import numpy as np
import pytest

import taskzoo as tz
from taskzoo.errors import InvalidInputError
from taskzoo.inputs import is_batch

pd = pytest.importorskip("pandas")
TEXTS = ["a wonderful, moving film", "dull, lifeless and far too long"]


@pytest.fixture(scope="module")
def vader() -> tz.Pipeline:
    pipe = tz.load("sentiment", model="vader")
    pipe.load()
    return pipe


@pytest.mark.parametrize("make", [list, tuple, pd.Series, np.array, iter,
                                  lambda t: (x for x in t), lambda t: map(str, t)],
                         ids=["list", "tuple", "Series", "ndarray", "iterator", "generator",
                              "map"])
def test_every_batch_form_gives_the_list_result(vader: tz.Pipeline, make) -> None:
    expected = [vader(text) for text in TEXTS]
    assert [r.label for r in expected] == ["positive", "negative"]
    assert vader(make(TEXTS)) == expected


def test_a_dataframe_asks_for_a_column() -> None:
    with pytest.raises(InvalidInputError, match=r"pass the column .* df\['text'\]"):
        tz.load("sentiment", model="vader")(pd.DataFrame({"text": TEXTS}))


def test_images_and_audio_arrays_stay_single_inputs() -> None:
    image = np.zeros((8, 8, 3), dtype=np.uint8)
    assert not is_batch(image, "image") and not is_batch(np.zeros(16000, np.float32), "audio")
    assert not is_batch("text", "text") and not is_batch({"array": 1}, "audio")
    assert is_batch(pd.Series(["a"]), "image")  # a column of paths is a batch


def test_bad_items_are_refused_before_the_model_loads() -> None:
    pipe = tz.load("sentiment")  # the default model: its load is what must not happen
    with pytest.raises(InvalidInputError, match="input 1: expected text as a str"):
        pipe(pd.Series(["fine", None]))
    with pytest.raises(InvalidInputError, match="input 0: expected text"):
        pipe([b"bytes"])
    assert not pipe.loaded


@pytest.mark.parametrize("task", ["ocr", "detection"])
def test_urls_are_refused_with_download_it_first(task: str) -> None:
    pytest.importorskip("PIL")
    pipe = tz.load(task)
    with pytest.raises(InvalidInputError) as info:
        pipe("https://example.com/receipts/2026/01/receipt.png")
    message = str(info.value)
    assert "'https://example.com/receipts/2026/01/receipt.png' is a URL" in message
    assert "Download it first" in message and not pipe.loaded


@pytest.mark.parametrize("name", ["embed", "langid", "ner", "sentiment", "spam", "ocr",
                                  "detect", "transcribe"])
def test_one_liner_docstrings_document_options_returns_and_edges(name: str) -> None:
    """help(tz.X) lists the options the default model takes, the return type and batches."""
    from taskzoo.registry import import_object

    doc = " ".join((getattr(tz, name).__doc__ or "").split())
    task = {"embed": "embeddings", "detect": "detection", "transcribe": "asr"}.get(name, name)
    card = tz.models(task)[0]
    for option in import_object(card.backend).call_options:
        if option not in {"threshold"} or name in {"sentiment", "spam"}:
            assert option in doc, (name, option)
    assert "Returns:" in doc and "batch" in doc and "model:" in doc
    if task in {"langid", "ner", "sentiment", "spam", "embeddings"}:
        assert "Blank text" in doc and "before the model loads" in doc
