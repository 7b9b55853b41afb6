"""Prompts and answer parsers that turn a chat LLM into a model of a taskzoo task.

One :class:`TaskPrompt` per task kind (``label`` for sentiment/spam, ``langid``, ``ner``) builds
chat messages (a system instruction, optional few-shot turns, the user's text) and parses the
reply robustly: JSON, a bare word, or a word inside a sentence are all accepted. A reply that
cannot be parsed never raises: it becomes :data:`UNPARSED` (a label no dataset uses, so it counts
as wrong) or an empty entity list.

:class:`ChatTaskBackend` is the shared adapter: subclasses only implement :meth:`chat` (the
SmolLM2 backend in :mod:`taskzoo.backends.llm`, the HTTP client in
:mod:`taskzoo.backends.openai_compat`).
"""

from __future__ import annotations

import json
import re
from abc import abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.errors import InvalidInputError, ModelLoadError
from taskzoo.results import Entity, Label

#: Label returned (score 0.0) when the model's reply names no known label.
UNPARSED = "<unparsed>"

Message = dict[str, str]


@dataclass(frozen=True)
class Reply:
    """One chat completion: the text and, when the model exposes them, its answer's probability
    (``score``) and every allowed answer's probability (``scores``, keyed by answer word)."""

    text: str
    score: float | None = None
    scores: Mapping[str, float] | None = None


# -- few-shot examples (hand-written; none is taken from any evaluation split) --------------------
SHOTS: dict[str, tuple[tuple[str, str], ...]] = {
    "sentiment": (
        ("A warm, funny film with a terrific cast.", "positive"),
        ("Two hours of my life I will never get back.", "negative"),
        ("The plot is thin, but the performances make it a joy to watch.", "positive"),
        ("Dull, predictable and far too long.", "negative"),
    ),
    # sentiment with a neutral class (tasks/sentiment/select_llm_3way.py: short posts about
    # products and services, two per label, written for it)
    "sentiment-3way": (
        ("Just got my new headphones and the sound is amazing!", "positive"),
        ("My package is three days late and support keeps ignoring my emails.", "negative"),
        ("The new phone goes on sale next Friday.", "neutral"),
        ("Thank you for fixing my booking so quickly, great service.", "positive"),
        ("Does anyone know if the store on Main Street is open on Sundays?", "neutral"),
        ("Worst flight ever: delayed, cramped and the crew was rude.", "negative"),
    ),
    "spam": (
        ("Congratulations! You have won a $1000 gift card. Click here to claim now!", "spam"),
        ("Hi Sam, are we still meeting for lunch tomorrow at noon?", "ham"),
        ("URGENT: your bank account is suspended. Verify your details at this link.", "spam"),
        ("Please find attached the minutes of yesterday's project meeting.", "ham"),
    ),
    "langid": (
        ("Where is the train station, please?", "en"),
        ("Je voudrais un café, s'il vous plaît.", "fr"),
        ("Ich habe heute keine Zeit.", "de"),
        ("¿Dónde está la biblioteca?", "es"),
    ),
    "ner": (
        ("Angela Merkel met Emmanuel Macron in Berlin on Monday.",
         '[{"text": "Angela Merkel", "label": "PERSON"}, {"text": "Emmanuel Macron", '
         '"label": "PERSON"}, {"text": "Berlin", "label": "GPE"}, '
         '{"text": "Monday", "label": "DATE"}]'),
        ("Microsoft opened a new office in Nairobi.",
         '[{"text": "Microsoft", "label": "ORG"}, {"text": "Nairobi", "label": "GPE"}]'),
        ("The weather was lovely.", "[]"),
    ),
}

#: Words a model may answer with, mapped to a label (checked after the labels themselves).
SYNONYMS: dict[str, dict[str, str]] = {
    "sentiment": {"pos": "positive", "neg": "negative", "good": "positive", "bad": "negative"},
    "spam": {"not spam": "ham", "legitimate": "ham", "normal": "ham", "junk": "spam"},
}

#: The question asked for a classification task (the allowed answers are appended).
QUESTIONS: dict[str, str] = {
    "sentiment": "Is the opinion in the user's text positive or negative?",
    "sentiment-3way": "Is the sentiment of the user's text positive, negative or neutral?",
    "spam": "Is the user's message spam (unsolicited, scam or phishing) or not spam?",
}

#: Language names a model may answer with instead of an ISO 639-1 code.
LANGUAGE_NAMES: dict[str, str] = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "portuguese": "pt", "dutch": "nl", "russian": "ru", "chinese": "zh", "japanese": "ja",
    "korean": "ko", "arabic": "ar", "hindi": "hi", "turkish": "tr", "polish": "pl",
    "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi", "greek": "el",
    "czech": "cs", "romanian": "ro", "hungarian": "hu", "ukrainian": "uk", "indonesian": "id",
    "vietnamese": "vi", "thai": "th", "hebrew": "he", "persian": "fa", "catalan": "ca",
}

NER_LABELS = ("PERSON", "ORG", "GPE", "LOC", "DATE")


@dataclass(frozen=True)
class TaskPrompt:
    """How to ask a chat model for one task and how to read its reply."""

    kind: str
    instruction: str
    shots: tuple[tuple[str, str], ...] = ()
    labels: tuple[str, ...] = ()
    synonyms: Mapping[str, str] = field(default_factory=dict)
    max_new_tokens: int = 8
    answers: tuple[str, ...] = ()  # the allowed answer words (classification), in label order

    def messages(self, text: str) -> list[Message]:
        """The chat messages asking about ``text`` (system, few-shot turns, then the text)."""
        out: list[Message] = [{"role": "system", "content": self.instruction}]
        for example, answer in self.shots:
            out += [{"role": "user", "content": example}, {"role": "assistant", "content": answer}]
        out.append({"role": "user", "content": text})
        return out

    def parse(self, text: str, reply: Reply, scores: bool = False) -> Label | list[Entity]:
        """The task result read from the reply; never raises (unparseable -> wrong answer).

        ``scores``: classification labels carry every label's probability (``Label.scores``)
        when the backend scored the allowed answers; otherwise the chosen label's score alone.
        """
        if self.kind == "ner":
            return parse_entities(text, reply.text, self.labels)
        if self.kind == "langid":
            label = parse_language(reply.text)
        else:
            label = parse_label(reply.text, self.labels, self.synonyms)
        if label is None:
            return Label(UNPARSED, 0.0, {k: 0.0 for k in self.labels} if scores else None)
        score = 1.0 if reply.score is None else reply.score
        if not scores:
            return Label(label, score)
        if reply.scores is not None and self.answers:
            by_answer = dict(zip(self.answers, self.labels, strict=True))
            every = {by_answer[a]: float(p) for a, p in reply.scores.items() if a in by_answer}
        else:
            every = {label: score}
        return Label(label, score, {k: every.get(k, 0.0) for k in self.labels})


def prompt_key(task: str, labels: Sequence[str] = ()) -> str:
    """Which question and examples ask for ``labels``: ``<task>-3way`` (a neutral class) when the
    labels include ``neutral`` and such a prompt exists (sentiment), else ``task``."""
    three_way = f"{task}-3way"
    return three_way if "neutral" in labels and three_way in QUESTIONS else task


def make_prompt(task: str, labels: Sequence[str] = (), shots: int | None = None) -> TaskPrompt:
    """The prompt for ``task`` with its ``labels``; ``shots`` few-shot examples (None = all).

    Sentiment labels that include ``neutral`` get the three-way question and examples.
    """
    key = prompt_key(task, labels)
    examples = SHOTS.get(key, ())
    chosen = examples if shots is None else examples[: max(shots, 0)]
    if task == "langid":
        return TaskPrompt("langid", "Identify the language of the user's text. Answer with its "
                          "two-letter ISO 639-1 code only (for example en, fr, de).",
                          chosen, max_new_tokens=4)
    if task == "ner":
        ner_labels = tuple(labels) or NER_LABELS
        return TaskPrompt(
            "ner", "Extract the named entities from the user's text. Answer with a JSON list "
            'of objects {"text": ..., "label": ...}; label is one of '
            f"{', '.join(ner_labels)}. Answer [] if there are none.",
            chosen, ner_labels, max_new_tokens=96)
    if not labels:
        raise ModelLoadError(f"the LLM prompt for task {task!r} needs the task's labels")
    names = {"ham": "not spam"}
    words = [names.get(label, label) for label in labels]
    shots_shown = tuple((t, names.get(a, a)) for t, a in chosen if a in labels)
    question = QUESTIONS.get(key, f"Classify the user's text for the task '{task}'.")
    return TaskPrompt(
        "label", f"{question} Answer with exactly one of: {', '.join(words)}.", shots_shown,
        tuple(labels), SYNONYMS.get(task, {}),
        max_new_tokens=5, answers=tuple(words))


# -- parsing -----------------------------------------------------------------------------------
def _json_value(reply: str) -> Any:
    """The first JSON value in ``reply`` (also inside a ```json fence), or None."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"[\[{\"]", reply):
        try:
            value, _ = decoder.raw_decode(reply[match.start():])
        except ValueError:
            continue
        return value
    return None


def parse_label(reply: str, labels: Sequence[str], synonyms: Mapping[str, str]) -> str | None:
    """The label named in ``reply`` (JSON ``{"label": x}``, a bare word or the earliest match)."""
    value = _json_value(reply)
    if isinstance(value, dict):
        value = value.get("label", value.get("answer"))
    candidates = [str(value)] if isinstance(value, str) else []
    candidates.append(reply)
    words = {**{s.lower(): label for s, label in synonyms.items()},
             **{label.lower(): label for label in labels}}
    for candidate in candidates:
        low = candidate.lower()
        hits = [(m.start(), -len(w), label) for w, label in words.items()
                for m in re.finditer(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low)]
        if hits:
            return min(hits)[2]
    return None


def parse_language(reply: str) -> str | None:
    """An ISO 639-1 code from ``reply``: a two-letter code or a language name."""
    value = _json_value(reply)
    text = str(value.get("language", "")) if isinstance(value, dict) else reply
    low = text.strip().lower()
    for name, code in LANGUAGE_NAMES.items():
        if re.search(rf"\b{name}\b", low):
            return code
    match = re.match(r"^\W*([a-z]{2})(?:[-_][a-z]{2})?\b", low)
    return match.group(1) if match else None


def parse_entities(text: str, reply: str, labels: Sequence[str]) -> list[Entity]:
    """Entities from a JSON list in ``reply``, located in ``text`` (unfound spans are dropped)."""
    value = _json_value(reply)
    if isinstance(value, dict):
        value = value.get("entities", [value])
    if not isinstance(value, list):
        return []
    entities: list[Entity] = []
    taken: set[tuple[int, int]] = set()
    for item in value:
        if not isinstance(item, dict):
            continue
        span, label = str(item.get("text", "")).strip(), str(item.get("label", "")).upper()
        if not span or label not in labels:
            continue
        start = _find_free(text, span, taken)
        if start is None:
            continue
        taken.add((start, start + len(span)))
        entities.append(Entity(text[start:start + len(span)], label, start, start + len(span)))
    return sorted(entities, key=lambda e: e.start)


def _find_free(text: str, span: str, taken: set[tuple[int, int]]) -> int | None:
    """The first start of ``span`` in ``text`` not overlapping a taken span (case-insensitive)."""
    for match in re.finditer(re.escape(span), text, flags=re.IGNORECASE):
        start, end = match.span()
        if all(end <= s or start >= e for s, e in taken):
            return start
    return None


# -- the shared adapter --------------------------------------------------------------------------
class ChatTaskBackend(Backend):
    """A task model made of a chat LLM plus a :class:`TaskPrompt`.

    Card options: ``prompt_task`` (which prompt, default the card's task), ``shots`` (number of
    few-shot examples, 0 = zero-shot; default all). Call option ``shots`` overrides per call.
    """

    call_options: ClassVar[frozenset[str]] = frozenset({"shots", "scores"})

    def load(self) -> None:
        self.prompt_task: str = self.options.get("prompt_task", self.card.task)
        self.labels: tuple[str, ...] = tuple(self.card.labels)
        self.prompt = make_prompt(self.prompt_task, self.labels, self.options.get("shots"))
        self.load_model()

    @abstractmethod
    def load_model(self) -> None:
        """Load (or connect to) the chat model."""

    @abstractmethod
    def chat(self, conversations: list[list[Message]], max_new_tokens: int,
             choices: list[str] | None = None) -> list[Reply]:
        """One reply per conversation, decoded greedily (deterministic).

        ``choices`` (classification prompts) are the allowed answers; a backend that can score
        them (local models) may return the likeliest one instead of free text.
        """

    def predict_batch(self, items: list[str], shots: int | None = None, scores: bool = False,
                      **_: Any) -> list[Any]:
        """One result per text; ``scores=True`` adds every label's probability to each
        classification :class:`~taskzoo.results.Label`."""
        prompt = self.prompt
        if shots is not None:
            if not isinstance(shots, int) or shots < 0:
                raise InvalidInputError(f"shots must be an int >= 0, got {shots!r}")
            prompt = make_prompt(self.prompt_task, self.labels, shots)
        replies = self.chat([prompt.messages(text) for text in items], prompt.max_new_tokens,
                            list(prompt.answers) or None)
        return [prompt.parse(text, reply, bool(scores))
                for text, reply in zip(items, replies, strict=True)]
