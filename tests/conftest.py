"""Shared fixtures: one pipeline per text model for the whole session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import taskzoo as tz


@pytest.fixture(scope="session")
def embedder() -> tz.Pipeline:
    """The default embeddings pipeline, loaded once."""
    pipe = tz.load("embeddings")
    pipe.load()
    return pipe


@pytest.fixture(scope="session")
def lid() -> tz.Pipeline:
    """The default language-id pipeline, loaded once."""
    pipe = tz.load("langid")
    pipe.load()
    return pipe


@pytest.fixture(scope="session")
def ner_pipe() -> tz.Pipeline:
    """The default NER pipeline, loaded once."""
    pipe = tz.load("ner")
    pipe.load()
    return pipe


@pytest.fixture(scope="session")
def small() -> tz.Pipeline:
    """The small member of the cascade/ensemble tests: a weak fastText sentiment model."""
    from distill_support import weak

    return weak()


@pytest.fixture(scope="session")
def large() -> tz.Pipeline:
    """The large member of the cascade/ensemble tests: a stronger fastText sentiment model."""
    from distill_support import strong

    return strong()


# -- trained classifier folders, shared by the training and ONNX-runtime tests ------------------
CLASSIFY_DATA = Path(__file__).parent / "data" / "classify"
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt",
                   "special_tokens_map.json")


def sms_rows() -> list[tuple[str, str]]:
    """(text, label) pairs of the committed SMS sample (200 spam + 200 ham)."""
    with open(CLASSIFY_DATA / "sms_sample.jsonl", encoding="utf-8") as handle:
        return [(r["text"], r["label"]) for r in map(json.loads, handle)]


@pytest.fixture(scope="session")
def head_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ``head`` spam model on the shared MiniLM, trained once per session."""
    out = tmp_path_factory.mktemp("train") / "head"
    return tz.train("spam", sms_rows(), method="head", output_dir=out, progress=False,
                    max_length=64)


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer, 64-wide BERT with random weights and MiniLM's tokenizer."""
    import torch
    from transformers import BertConfig, BertModel

    from taskzoo.catalog.text import MINILM

    minilm = MINILM.locate()  # the 🤗 folder of all-MiniLM-L6-v2, for its tokenizer
    out = tmp_path_factory.mktemp("tiny-bert")
    torch.manual_seed(0)
    config = BertConfig(vocab_size=30522, hidden_size=64, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=128,
                        max_position_embeddings=128)
    BertModel(config).save_pretrained(out)
    for name in TOKENIZER_FILES:
        shutil.copy(minilm / name, out / name)
    return out


@pytest.fixture(scope="session")
def lora_dir(tiny_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ``lora`` spam model on the tiny base, exported to ONNX (fp32: a random tiny BERT is no
    test of int8 quantisation, which is checked on the real MiniLM)."""
    return tz.train("spam", sms_rows(), method="lora", base_model=tiny_base,
                    output_dir=tmp_path_factory.mktemp("lora") / "m", progress=False,
                    epochs=4, lr=5e-3, batch_size=16, max_length=48, r=8, alpha=16, threads=2,
                    precision="fp32")
