"""Static token vectors distilled from MiniLM (the ``static`` method and ``minilm-static-rt``):
what a text's features are, and a damaged disk cache that is rebuilt, never trusted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import taskzoo
from taskzoo.backends import static_vectors
from taskzoo.backends.minilm_head import EncoderClassifier


@pytest.fixture(scope="module")
def static_model() -> EncoderClassifier:
    backend = taskzoo.load("sentiment", model="minilm-static-rt").load()
    assert isinstance(backend, EncoderClassifier) and backend.table is not None
    return backend


def test_features_are_the_mean_of_token_vectors(static_model: EncoderClassifier) -> None:
    from transformers import AutoTokenizer

    from taskzoo.catalog.text import MINILM

    encoder, table = static_model.encoder, static_model.table
    reference = AutoTokenizer.from_pretrained(str(MINILM.locate()), local_files_only=True)
    texts = ["a quietly moving film", "flaccid", ""]
    got = static_vectors.encode_static(encoder, table, texts, max_length=128, normalize=False)
    for text, row in zip(texts, got, strict=True):
        ids = reference(text, add_special_tokens=False)["input_ids"]  # the 🤗 tokenizer's ids
        want = table[ids].mean(axis=0) if ids else np.zeros(table.shape[1])
        np.testing.assert_allclose(row, want, rtol=1e-5, atol=1e-6)
    unit = static_vectors.encode_static(encoder, table, texts[:2], max_length=128,
                                        normalize=True)
    np.testing.assert_allclose(np.linalg.norm(unit, axis=1), 1.0, rtol=1e-5)


def test_table_rows_are_the_encoder_on_each_token_alone(static_model: EncoderClassifier) -> None:
    """Built with the ONNX encoder; checked against torch running the same weights."""
    import torch

    from taskzoo.backends.sentence_transformers import load_sentence_transformer
    from taskzoo.catalog.text import MINILM

    st = load_sentence_transformer(MINILM.locate())
    tokenizer, torch_encoder, table = st.tokenizer, st[0].auto_model, static_model.table
    ids = tokenizer.convert_tokens_to_ids(["good", "awful", "##ness"])
    with torch.inference_mode():
        batch = torch.tensor([[tokenizer.cls_token_id, i, tokenizer.sep_token_id] for i in ids])
        direct = torch_encoder(input_ids=batch, attention_mask=torch.ones_like(batch))
    want = direct.last_hidden_state.mean(dim=1).numpy()
    np.testing.assert_allclose(table[ids], want, atol=2e-3)  # stored as float16
    # the table knows words: "good" is nearer "great" than "awful"
    good, great, awful = (table[tokenizer.convert_tokens_to_ids(w)] for w in
                          ("good", "great", "awful"))
    cos = lambda a, b: float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))  # noqa: E731
    assert cos(good, great) > cos(great, awful)


@pytest.mark.parametrize("damage", ["truncated", "wrong shape", "not numpy"])
def test_damaged_cache_is_not_trusted(damage: str, tmp_path: Path) -> None:
    path = tmp_path / "table.npy"
    if damage == "truncated":
        np.save(path, np.ones((10, 4), dtype=np.float16))
        path.write_bytes(path.read_bytes()[:-7])
    elif damage == "wrong shape":
        np.save(path, np.ones((9, 4), dtype=np.float16))
    else:
        path.write_bytes(b"hello")
    assert static_vectors._read_table(path, (10, 4)) is None
    np.save(path, np.ones((10, 4), dtype=np.float16))
    table = static_vectors._read_table(path, (10, 4))
    assert table is not None and table.dtype == np.float32 and table.shape == (10, 4)


def test_static_sentiment_knows_words_its_training_never_showed(
        static_model: EncoderClassifier) -> None:
    # "woeful", "abominable" and "lacklustre" never occur in the Rotten Tomatoes train split
    # (checked with tasks/sentiment/data.py when this test was written); what the static model
    # knows of them comes from MiniLM. fastText, which only knows its training words, calls the
    # first two positive.
    clf = taskzoo.load("sentiment", model="minilm-static-rt")
    out = clf(["Woeful.", "Abominable.", "A lacklustre piece of work."])
    assert [r.label for r in out] == ["negative"] * 3
