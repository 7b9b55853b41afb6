"""Big model → small model: label unlabelled text with a teacher (distillation), or have an LLM
write training examples (generation); either way the result trains through :func:`taskzoo.train`.

    import taskzoo as tz
    report = tz.distill("sentiment", unlabelled_texts, teacher="minilm-lora-rt",
                        student="fasttext", output_dir="rt-student", labelled=(test_x, test_y))
    print(report.summary())            # counts, teacher/student accuracy, agreement
    tz.load("sentiment", model="rt-student")("what a ride")

    data = tz.generate("spam", ["spam", "ham"], n=200, teacher="smollm2-135m", seed=0)
    tz.train("spam", data.path, method="fasttext", output_dir="spam-made")

Teacher answers are kept in an on-disk cache (SQLite under :func:`taskzoo.weights.cache_dir`),
keyed by the text, the teacher (name, weights, options) and its prompt: an interrupted run asks
again only for what it had not yet stored, and re-running with another student costs nothing.
Answers that are not one of the task's labels (an LLM's unparseable or off-label reply) and
answers below ``min_confidence`` are counted, reported and left out of the training data.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sqlite3
import sys
import threading
import time
import types
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from taskzoo.combine import as_model, model_labels, model_name
from taskzoo.errors import InvalidInputError, TaskZooError
from taskzoo.registry import REGISTRY

DEFAULT_BATCH_SIZE = 32
STUDENTS = ("fasttext", "head", "lora")
UNPARSED = "<unparsed>"  # what the LLM backends answer when a reply names no label


# -- the answer cache ------------------------------------------------------------------------------
def default_cache_path() -> Path:
    """Where teacher answers are stored: ``<taskzoo cache>/distill/answers.sqlite``."""
    from taskzoo.weights import cache_dir

    folder = cache_dir() / "distill"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "answers.sqlite"


class AnswerCache:
    """A persistent ``key -> (answer, score)`` store (SQLite; safe across processes).

    Each batch of answers is committed as soon as it arrives, so a run that is interrupted keeps
    everything it had been told.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), timeout=60, check_same_thread=False)
        with self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, "
                             "answer TEXT, score REAL, created REAL)")

    def get(self, keys: Sequence[str]) -> dict[str, tuple[str, float]]:
        """Stored answers for those of ``keys`` that have one."""
        found: dict[str, tuple[str, float]] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start:start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, answer, score FROM answers WHERE key IN ({marks})", chunk)
                found.update({k: (a, float(s)) for k, a, s in rows})
        return found

    def put(self, rows: Sequence[tuple[str, str, float]]) -> None:
        """Store ``(key, answer, score)`` rows (replacing older ones) and commit."""
        now = time.time()
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                                 [(k, a, float(s), now) for k, a, s in rows])

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def _open_cache(cache: bool | str | Path | AnswerCache) -> AnswerCache | None:
    if isinstance(cache, AnswerCache):
        return cache
    if cache is False or cache is None:
        return None
    return AnswerCache(None if cache is True else cache)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def teacher_identity(teacher: Any) -> str:
    """A stable id of a teacher: its card (name, backend, weights, options), the weights file's
    size and modification time (a retrained local model is a new teacher), its prompt and, for
    a remote model, the server and model name that answer (``endpoint``)."""
    card = getattr(teacher, "card", None)
    if card is None:
        return f"object:{model_name(teacher)}:{type(teacher).__qualname__}"
    parts: dict[str, Any] = {"name": card.name, "backend": card.backend,
                             "options": {k: repr(v) for k, v in sorted(card.options.items())}}
    if card.source is not None:
        parts["source"] = card.source.describe()
        try:
            path = card.source.locate()
            stamp = path / "card.json" if path.is_dir() else path
            stat = stamp.stat()
            parts["weights"] = [stat.st_size, stat.st_mtime_ns]
        except (TaskZooError, OSError):
            pass
    backend = teacher.load() if hasattr(teacher, "load") else None
    prompt = getattr(backend, "prompt", None)
    if prompt is not None:
        parts["prompt"] = repr(prompt)
    endpoint = getattr(backend, "endpoint", None)
    if endpoint is not None:
        parts["endpoint"] = str(endpoint)
    return json.dumps(parts, sort_keys=True)


# -- asking the teacher ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    """The teacher's answer for one text: ``status`` is ok, unparseable, off_label or failed."""

    label: str | None
    score: float
    status: str


@dataclass
class AskStats:
    """How the teacher's answers were obtained."""

    cached: int = 0
    asked: int = 0
    failed: int = 0


def _predict_safely(model: Any, items: list[str]) -> list[Any]:
    """Predictions for a batch; if the batch fails, item by item (a failed item → exception)."""
    try:
        out = list(model.predict_batch(items))
        if len(out) == len(items):
            return out
    except Exception:  # one bad item must not sink the batch
        pass
    results: list[Any] = []
    for item in items:
        try:
            results.append(model.predict_batch([item])[0])
        except Exception as exc:
            results.append(exc)
    return results


def _as_answer(result: Any, labels: Sequence[str]) -> tuple[str, float]:
    label = getattr(result, "label", None)
    if not isinstance(label, str):
        return UNPARSED, 0.0
    score = getattr(result, "score", None)
    return label, float(score) if isinstance(score, (int, float)) else 0.0


def ask_teacher(
    teacher: Any, texts: Sequence[str], labels: Sequence[str], cache: AnswerCache | None,
    batch_size: int = DEFAULT_BATCH_SIZE, progress: bool = False,
) -> tuple[list[Answer], AskStats]:
    """The teacher's answer for every text, from the cache where possible (see module docs)."""
    stats = AskStats()
    ident = teacher_identity(teacher) if cache is not None else ""
    keys = [_digest("label", ident, t) for t in texts]
    stored = cache.get(keys) if cache is not None else {}
    stats.cached = sum(1 for k in keys if k in stored)
    todo = [i for i, k in enumerate(keys) if k not in stored]
    bar = _bar(progress, len(todo), f"teacher {model_name(teacher)}")
    got: dict[int, tuple[str, float] | None] = {}
    for start in range(0, len(todo), batch_size):
        chunk = todo[start:start + batch_size]
        results = _predict_safely(teacher, [texts[i] for i in chunk])
        rows = []
        for i, result in zip(chunk, results, strict=True):
            if isinstance(result, Exception):
                got[i] = None
                continue
            got[i] = _as_answer(result, labels)
            rows.append((keys[i], *got[i]))
        if cache is not None and rows:
            cache.put(rows)
        stats.asked += len(chunk)
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    answers = []
    wanted = set(labels)
    for i, key in enumerate(keys):
        pair = stored.get(key) if key in stored else got.get(i)
        if pair is None:
            stats.failed += 1
            answers.append(Answer(None, 0.0, "failed"))
            continue
        label, score = pair
        status = "ok" if label in wanted else ("unparseable" if label == UNPARSED else "off_label")
        answers.append(Answer(label, score, status))
    return answers, stats


def _bar(progress: bool, total: int, desc: str) -> Any:
    if not progress or total == 0:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=" texts", file=sys.stderr)


class CachedModel:
    """A classifier whose answers go through the answer cache: each text is asked once, ever.

    Useful for slow or paid teachers (an LLM, a remote endpoint) reused across experiments, e.g.
    as the large model of a cascade. Results are plain :class:`~taskzoo.results.Label` (label and
    score; unparseable replies keep the backend's ``<unparsed>`` label).
    """

    def __init__(self, model: Any, cache: bool | str | Path | AnswerCache = True,
                 task: str | None = None) -> None:
        self.model = as_model(model, task)
        self.task = getattr(self.model, "task", task)
        self.name = model_name(self.model)
        self.cache = _open_cache(cache)

    @property
    def labels(self) -> tuple[str, ...]:
        """The wrapped model's labels."""
        return model_labels(self.model, load=True)

    def load(self) -> Any:
        """Load the wrapped model."""
        return self.model.load() if hasattr(self.model, "load") else None

    def predict_batch(self, items: list[str]) -> list[Any]:
        """Cached answers for ``items``; failed items raise like the wrapped model would."""
        from taskzoo.results import Label

        answers, _ = ask_teacher(self.model, list(items), self.labels, self.cache)
        if any(a.status == "failed" for a in answers):
            return list(self.model.predict_batch(items))  # let the model raise its own error
        return [Label(str(a.label), a.score) for a in answers]

    def __call__(self, inputs: Any) -> Any:
        """One text → one Label; a list → a list."""
        if isinstance(inputs, list):
            return self.predict_batch(inputs)
        return self.predict_batch([inputs])[0]


# -- distillation ----------------------------------------------------------------------------------
@dataclass
class DistillReport:
    """What :func:`distill` did and measured."""

    task: str
    teacher: str
    student: str
    model_dir: str
    counts: dict[str, int] = field(default_factory=dict)
    label_counts: dict[str, int] = field(default_factory=dict)
    skipped_examples: list[str] = field(default_factory=list)
    evaluation: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain values (JSON)."""
        return asdict(self)

    def summary(self) -> str:
        """A few readable lines."""
        c = self.counts
        lines = [
            f"distilled {self.task}: teacher {self.teacher} -> {self.student} student at "
            f"{self.model_dir}",
            f"  texts {c.get('texts', 0)}: {c.get('used', 0)} used for training "
            f"(labels {dict(self.label_counts)}), skipped: blank {c.get('blank', 0)}, duplicate "
            f"{c.get('duplicate', 0)}, unparseable {c.get('unparseable', 0)}, off-label "
            f"{c.get('off_label', 0)}, failed {c.get('failed', 0)}, below confidence "
            f"{c.get('low_confidence', 0)}; answers from cache {c.get('cached', 0)}, asked "
            f"{c.get('asked', 0)}",
        ]
        if self.evaluation:
            lines.append("  " + ", ".join(f"{k} {v:.3f}" if k != "items" else f"{k} {v:.0f}"
                                          for k, v in self.evaluation.items()))
        return "\n".join(lines)


def _check_texts(texts: Any) -> list[str]:
    if isinstance(texts, (str, bytes)):
        raise InvalidInputError("texts must be a list of str (got a single string): wrap it in "
                                "a list")
    try:
        items = list(texts)
    except TypeError as exc:
        raise InvalidInputError(f"texts must be a list of str, got {type(texts).__name__}") from exc
    if not items:
        raise InvalidInputError("no texts to label: give a non-empty list of unlabelled texts")
    bad = next((i for i, t in enumerate(items) if not isinstance(t, str)), None)
    if bad is not None:
        raise InvalidInputError(f"texts[{bad}] is a {type(items[bad]).__name__}, not a str")
    return items


def _unique(texts: list[str]) -> tuple[list[str], int, int]:
    seen: set[str] = set()
    out, blank, dup = [], 0, 0
    for text in texts:
        key = " ".join(text.lower().split())
        if not key:
            blank += 1
        elif key in seen:
            dup += 1
        else:
            seen.add(key)
            out.append(text)
    return out, blank, dup


def _min_confidence(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise InvalidInputError(f"min_confidence must be a number between 0 and 1, got {value!r}")
    return float(value)


def _accuracy(pred: Sequence[Any], gold: Sequence[str]) -> float:
    return sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)


def distill(
    task: str,
    texts: Sequence[str],
    *,
    teacher: Any = None,
    student: str = "fasttext",
    output_dir: str | Path | None = None,
    labelled: Any = None,
    train_data: Any = None,
    validation: Any = None,
    test: Any = None,
    min_confidence: float | None = None,
    cache: bool | str | Path | AnswerCache = True,
    batch_size: int = DEFAULT_BATCH_SIZE,
    seed: int = 0,
    progress: bool = True,
    overwrite: bool = False,
    **train_options: Any,
) -> DistillReport:
    """Label ``texts`` with ``teacher`` and train a small ``student`` on its answers.

    Args:
        task: a classification task (``"sentiment"``, ``"spam"``, ...).
        texts: unlabelled texts (blank and repeated texts are skipped and counted).
        teacher: any model of the task: a name (``"minilm-lora-rt"``, ``"smollm2-135m"``,
            ``"openai-compat"``), a path, a pipeline, or a cascade/ensemble. Default: the task's
            default model.
        student: ``"fasttext"``, ``"head"`` or ``"lora"`` (see :func:`taskzoo.train`).
        output_dir: where the student is written (default: under the taskzoo cache).
        labelled: optional gold data (``(texts, labels)``, pairs or a CSV/JSONL path), never
            trained on: both models are scored on it and their agreement measured; it is also
            the test part of the student's ``card.json``.
        train_data: optional gold examples trained on together with the teacher-labelled ones.
        validation, test: optional gold validation/test parts for the student's training (else
            10 % of the training data is split off for each; ``test`` defaults to ``labelled``).
        min_confidence: drop teacher answers whose probability is below this (0..1).
        cache: True (the default cache), False, a path to an SQLite file, or an AnswerCache.
        **train_options: passed on to :func:`taskzoo.train` (``epochs``, ``wordNgrams``, ...).

    Returns:
        a :class:`DistillReport` (``model_dir`` loads with ``taskzoo.load(task, model=...)``).

    Raises:
        InvalidInputError: empty or non-text ``texts``, an unknown student, a bad
            ``min_confidence``, or too few usable teacher answers to train on.
    """
    from taskzoo.train import train
    from taskzoo.training.data import load_examples

    spec = REGISTRY.task(task)
    if student not in STUDENTS:
        raise InvalidInputError(f"unknown student {student!r}: use one of {', '.join(STUDENTS)}")
    threshold = _min_confidence(min_confidence)
    items = _check_texts(texts)
    gold = load_examples(labelled) if labelled is not None else None
    extra = load_examples(train_data) if train_data is not None else None
    started = time.perf_counter()
    teacher_model = as_model(teacher if teacher is not None else spec.default.name, spec.name)
    labels = model_labels(teacher_model, load=True) or tuple(spec.default.labels)
    if not labels:
        raise InvalidInputError(f"cannot tell the labels of teacher {model_name(teacher_model)!r}")
    unique, blank, dup = _unique(items)
    store = _open_cache(cache)
    answers, stats = ask_teacher(teacher_model, unique, labels, store, batch_size, progress)
    counts: Counter[str] = Counter(texts=len(items), blank=blank, duplicate=dup,
                                   cached=stats.cached, asked=stats.asked)
    kept_x, kept_y, skipped = [], [], []
    for text, answer in zip(unique, answers, strict=True):
        if answer.status != "ok":
            counts[answer.status] += 1
            if len(skipped) < 5:
                skipped.append(f"{answer.status}: {answer.label!r} for {text[:60]!r}")
        elif threshold is not None and answer.score < threshold:
            counts["low_confidence"] += 1
        else:
            kept_x.append(text)
            kept_y.append(str(answer.label))
    counts["used"] = len(kept_x)
    label_counts = dict(Counter(kept_y))
    if extra is None and sum(1 for v in label_counts.values() if v >= 2) < 2:
        raise InvalidInputError(
            f"the teacher gave usable labels to {len(kept_x)} of {len(unique)} texts "
            f"({label_counts or 'none'}; skipped {dict(counts)}): too few to train a student. "
            "Give more texts, lower min_confidence, or use a stronger teacher"
        )
    labelled_s = time.perf_counter() - started
    data_x = kept_x + (extra[0] if extra else [])
    data_y = kept_y + (extra[1] if extra else [])
    target = Path(output_dir) if output_dir is not None else _default_dir(
        spec.name, student, teacher_model, data_x)
    if output_dir is None:
        overwrite = True
    path = train(spec.name, (data_x, data_y), method=student, output_dir=target,
                 validation=validation, test=labelled if test is None else test, seed=seed,
                 progress=progress, overwrite=overwrite, **train_options)
    trained_s = time.perf_counter() - started - labelled_s
    report = DistillReport(spec.name, model_name(teacher_model), student, str(path),
                           dict(counts), label_counts, skipped,
                           seconds={"labelling": round(labelled_s, 1),
                                    "training": round(trained_s, 1)})
    if gold is not None:
        report.evaluation = compare(spec.name, teacher_model, path, gold, labels, store,
                                    batch_size)
    if store is not None and not isinstance(cache, AnswerCache):
        store.close()
    return report


def compare(task: str, teacher: Any, student_dir: str | Path, gold: tuple[list[str], list[str]],
            labels: Sequence[str], cache: AnswerCache | None,
            batch_size: int = DEFAULT_BATCH_SIZE) -> dict[str, float]:
    """Teacher and student accuracy on gold data, and how often they agree."""
    from taskzoo.pipeline import Pipeline

    texts, truth = gold
    answers, _ = ask_teacher(teacher, texts, labels, cache, batch_size)
    teacher_pred = [a.label for a in answers]
    student = Pipeline(task, str(student_dir))
    student_pred = [r.label for r in student.stream(texts, batch_size=batch_size)]
    return {"items": float(len(texts)),
            "teacher_accuracy": _accuracy(teacher_pred, truth),
            "student_accuracy": _accuracy(student_pred, truth),
            "agreement": _accuracy(student_pred, teacher_pred)}


def _default_dir(task: str, student: str, teacher: Any, texts: Sequence[str]) -> Path:
    from taskzoo.weights import cache_dir

    tag = _digest(model_name(teacher), *texts[:1000], str(len(texts)))[:10]
    return cache_dir() / "distill" / "students" / f"{task}-{student}-{tag}"


# -- generation ------------------------------------------------------------------------------------
#: What an example of each label is, per task (used in the generation prompt).
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "spam": {
        "spam": "an unsolicited spam or scam text message (SMS): a prize, a parcel, a bank or "
                "tax alert, a crypto or investment offer, a fake job, a dating lure",
        "ham": "an ordinary personal text message (SMS) between friends, family or colleagues",
    },
    "sentiment": {
        "positive": "a short positive review of a film",
        "negative": "a short negative review of a film",
    },
}
TOPICS: dict[str, tuple[str, ...]] = {
    "spam": ("a delivery", "a bank account", "a prize", "a loan", "crypto", "a job", "a refund",
             "a subscription", "a doctor's appointment", "dinner plans", "a birthday", "school",
             "work shifts", "a lost phone", "the weekend", "a train delay", "a phone bill",
             "a password", "a tax payment", "a football match"),
    "sentiment": ("the acting", "the plot", "the music", "the ending", "the director", "a comedy",
                  "a thriller", "a documentary", "an animated film", "a sequel", "the dialogue",
                  "the special effects", "a romance", "a horror film", "the pacing"),
}
STYLES = ("casual", "short", "formal", "urgent", "friendly", "with a number in it",
          "in one sentence", "with a question", "enthusiastic", "plain")
OPENERS = ("Hey", "Hi", "Your", "We", "I", "Just", "Please", "Reminder", "Good", "This",
           "Can", "Thanks", "Don't", "Congratulations", "So", "Honestly", "What", "The", "It",
           "Did")
_PREFIX = re.compile(r"^\s*(?:sure[^:\n]*:|here(?:'s| is)[^:\n]*:|(?:text|message|sms|review|"
                     r"example)\s*\d*\s*:)\s*", re.IGNORECASE)


@dataclass
class GeneratedData:
    """Examples written by :func:`generate`: ``path`` is a JSONL file ``taskzoo.train`` accepts."""

    path: Path
    texts: list[str]
    labels: list[str]
    counts: dict[str, int]
    prompts: int = 0
    duplicates: int = 0
    rejected: int = 0
    cached: int = 0

    @property
    def complete(self) -> bool:
        """True when every label reached its share of ``n``."""
        return all(v >= self.counts.get("wanted", 0) for k, v in self.counts.items()
                   if k != "wanted")

    def pairs(self) -> list[tuple[str, str]]:
        """The examples as ``(text, label)`` pairs."""
        return list(zip(self.texts, self.labels, strict=True))


def clean_reply(reply: str) -> str | None:
    """The example text inside an LLM reply (quotes, preambles and notes removed), or None."""
    lines = [ln.strip() for ln in reply.strip().splitlines() if ln.strip()]
    if not lines:
        return None
    text = _PREFIX.sub("", lines[0]).strip()
    if not text and len(lines) > 1:
        text = lines[1]
    text = text.strip().strip('"“”\'').strip()
    words = text.split()
    if len(words) < 3 or len(text) > 400:
        return None
    return text


def _chat_backend(task: str, teacher: Any) -> tuple[Any, Any]:
    """The teacher pipeline and its loaded backend, which must be a chat LLM."""
    try:
        model = as_model(teacher, task)
    except TaskZooError:  # e.g. task='text-classification': find the LLM card in any task
        found = next((t for t in REGISTRY.task_names()
                      if any(c.name == teacher or teacher in c.aliases
                             for c in REGISTRY.task(t).models)), None)
        if found is None:
            raise
        model = as_model(teacher, found)
    backend = model.load() if hasattr(model, "load") else None
    if not callable(getattr(backend, "chat", None)):
        raise InvalidInputError(
            f"generate() needs a chat LLM as teacher (e.g. 'smollm2-135m' or 'openai-compat'); "
            f"{model_name(model)!r} is not one"
        )
    return model, backend


def _prompts(task: str, description: str, rng: random.Random) -> Iterator[list[dict[str, str]]]:
    """Endless generation prompts for one label, varied by topic, style and first word."""
    topics = TOPICS.get(_canonical(task)) or ("everyday life",)
    while True:
        topic, style, opener = rng.choice(topics), rng.choice(STYLES), rng.choice(OPENERS)
        yield [
            {"role": "system", "content": "You write realistic example texts for training a "
                                          "text classifier. Reply with the text only."},
            {"role": "user", "content": f"Write {description}. Topic: {topic}. Style: {style}. "
                                        f"Start with the word \"{opener}\"."},
        ]


def generate(
    task: str,
    labels: Sequence[str] | Mapping[str, str],
    n: int,
    *,
    teacher: Any = "smollm2-135m",
    seed: int = 0,
    output: str | Path | None = None,
    exclude: Sequence[str] = (),
    batch_size: int = 8,
    max_new_tokens: int = 60,
    max_prompts: int | None = None,
    cache: bool | str | Path | AnswerCache = True,
    progress: bool = True,
) -> GeneratedData:
    """Have an LLM write ``n`` labelled examples, balanced over ``labels``, as a training set.

    Each prompt asks for one example of one label, with a topic, a style and a first word drawn
    from a ``seed``-ed generator (decoding is greedy, so the variety comes from the prompts).
    Replies are cleaned (preambles and quotes dropped; fewer than 3 words rejected) and
    de-duplicated (also against ``exclude``, e.g. your hand-written data); replies are cached like
    teacher answers. Generation stops when every label has ``n // len(labels)`` examples (the
    remainder going to the first labels) or after ``max_prompts`` prompts (default ``6 * n``).

    Args:
        labels: the labels, or ``{label: description}`` ("an ordinary personal text message").
            Without descriptions, known tasks (spam, sentiment) use built-in ones.
        teacher: a chat LLM model name (``"smollm2-135m"``, ``"openai-compat"``) or pipeline.
        output: the JSONL file to write (default: under the taskzoo cache).

    Returns:
        :class:`GeneratedData`; pass ``data.path`` (or ``data.pairs()``) to ``taskzoo.train``.
    """
    if isinstance(labels, Mapping):
        descriptions = {str(k): str(v) for k, v in labels.items()}
        names = list(descriptions)
    elif isinstance(labels, (str, bytes)) or not isinstance(labels, Sequence):
        raise InvalidInputError("labels must be a list of label names or {label: description}")
    else:
        names = [str(x) for x in labels]
        known = DESCRIPTIONS.get(_canonical(task), {})
        descriptions = {x: known.get(x, f"a short text whose {task} label is '{x}'")
                        for x in names}
    if len(set(names)) < 2 or len(set(names)) != len(names):
        raise InvalidInputError(f"give at least two distinct labels, got {names!r}")
    if isinstance(n, bool) or not isinstance(n, int) or n < len(names):
        raise InvalidInputError(f"n must be an int >= the number of labels ({len(names)}), got "
                                f"{n!r}")
    model, backend = _chat_backend(task, teacher)
    store = _open_cache(cache)
    ident = teacher_identity(model) if store is not None else ""
    quota = {x: n // len(names) + (1 if i < n % len(names) else 0) for i, x in enumerate(names)}
    limit = max_prompts if max_prompts is not None else 6 * n
    rng = random.Random(seed)
    streams = {x: _prompts(task, descriptions[x], random.Random(rng.random())) for x in names}
    seen = {" ".join(t.lower().split()) for t in exclude}
    texts: list[str] = []
    out_labels: list[str] = []
    got: Counter[str] = Counter()
    stats: Counter[str] = Counter()
    bar = _bar(progress, n, f"generate {task}")
    while stats["prompts"] < limit and any(got[x] < quota[x] for x in names):
        batch: list[tuple[str, list[dict[str, str]]]] = []
        for x in names:  # round-robin over the labels still short
            need = quota[x] - got[x]
            batch += [(x, next(streams[x])) for _ in range(min(need, max(1, batch_size // 2)))]
        batch = batch[:max(1, min(batch_size, limit - stats["prompts"]))]
        replies = _replies(backend, [m for _, m in batch], max_new_tokens, store, ident, stats)
        stats["prompts"] += len(batch)
        for (label, _), reply in zip(batch, replies, strict=True):
            text = clean_reply(reply)
            if text is None:
                stats["rejected"] += 1
                continue
            key = " ".join(text.lower().split())
            if key in seen:
                stats["duplicates"] += 1
                continue
            if got[label] >= quota[label]:
                continue
            seen.add(key)
            texts.append(text)
            out_labels.append(label)
            got[label] += 1
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()
    path = Path(output) if output is not None else _generated_path(task, model, seed, n)
    from taskzoo.training.data import write_jsonl

    write_jsonl(path, ({"text": t, "label": y} for t, y in zip(texts, out_labels, strict=True)))
    if store is not None and not isinstance(cache, AnswerCache):
        store.close()
    counts = {x: got[x] for x in names}
    counts["wanted"] = n // len(names)
    return GeneratedData(path, texts, out_labels, counts, stats["prompts"], stats["duplicates"],
                         stats["rejected"], stats["cached"])


def _canonical(task: str) -> str:
    try:
        return REGISTRY.task(task).name
    except TaskZooError:
        return task


def _replies(backend: Any, conversations: list[list[dict[str, str]]], max_new_tokens: int,
             store: AnswerCache | None, ident: str, stats: Counter[str]) -> list[str]:
    keys = [_digest("generate", ident, str(max_new_tokens), json.dumps(c, sort_keys=True))
            for c in conversations]
    stored = store.get(keys) if store is not None else {}
    stats["cached"] += sum(1 for k in keys if k in stored)
    todo = [i for i, k in enumerate(keys) if k not in stored]
    fresh = backend.chat([conversations[i] for i in todo], max_new_tokens) if todo else []
    replies = {i: str(getattr(r, "text", r)) for i, r in zip(todo, fresh, strict=True)}
    if store is not None and replies:
        store.put([(keys[i], text, 0.0) for i, text in replies.items()])
    return [stored[k][0] if k in stored else replies[i] for i, k in enumerate(keys)]


def _generated_path(task: str, teacher: Any, seed: int, n: int) -> Path:
    from taskzoo.weights import cache_dir

    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", model_name(teacher))[-40:]
    return cache_dir() / "distill" / "generated" / f"{task}-{name}-seed{seed}-n{n}.jsonl"


class _CallableModule(types.ModuleType):
    """``taskzoo.distill(...)`` keeps working after ``import taskzoo.distill`` (which makes the
    package attribute this module): calling the module calls :func:`distill`."""

    def __call__(self, *args: Any, **kwargs: Any) -> DistillReport:
        return distill(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["AnswerCache", "CachedModel", "DistillReport", "GeneratedData", "ask_teacher",
           "clean_reply", "distill", "generate"]
