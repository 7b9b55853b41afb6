"""Shared, built-once models and data for the combine/distill tests.

The data are 900 Rotten Tomatoes snippets (Pang & Lee 2005; 700 from the train split, 200 from
the validation split of tasks/sentiment/data.py) in tests/data/distill/rt_sample.jsonl. The
models are real fastText classifiers trained on them with ``taskzoo.train`` (seconds each):
``weak`` on 120 snippets, ``strong`` on 580. Each is built once per test session.
"""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import taskzoo as tz
from taskzoo.train import train as train_model

SAMPLE = Path(__file__).parent / "data" / "distill" / "rt_sample.jsonl"
_TMP = Path(tempfile.mkdtemp(prefix="taskzoo-distill-tests-"))


@functools.cache
def sample(split: str) -> tuple[list[str], list[str]]:
    """``(texts, labels)`` of the sample's ``train`` or ``validation`` rows."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["split"] == split]
    return [r["text"] for r in rows], [r["label"] for r in rows]


@functools.cache
def trained(name: str, start: int, stop: int, task: str = "sentiment") -> Path:
    """A fastText model trained on ``sample('train')[start:stop]`` (held-out part: validation)."""
    texts, labels = sample("train")
    return train_model(task, (texts[start:stop], labels[start:stop]), method="fasttext",
                    output_dir=_TMP / name, validation=sample("validation"), progress=False,
                    overwrite=True)


def weak() -> Any:
    """A weak fastText sentiment pipeline (120 training snippets)."""
    return tz.load("sentiment", model=str(trained("weak", 0, 120)))


def strong() -> Any:
    """A stronger fastText sentiment pipeline (580 training snippets)."""
    return tz.load("sentiment", model=str(trained("strong", 120, 700)))


class Recorder:
    """Wraps a model and records the size of every batch it is asked to predict."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.card = model.card
        self.task = model.task
        self.batches: list[int] = []

    def predict_batch(self, items: list[Any], **kwargs: Any) -> list[Any]:
        self.batches.append(len(items))
        return self.model.predict_batch(items, **kwargs)

    def load(self) -> Any:
        return self.model.load()
