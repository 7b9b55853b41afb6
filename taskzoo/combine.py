"""Combining classifiers: cascades (small model first, large one for hard items) and ensembles.

    import taskzoo as tz
    fast = tz.load("sentiment", model="fasttext-rt")
    best = tz.load("sentiment")                              # the LoRA-MiniLM default
    both = tz.cascade(fast, best, target_accuracy=0.83, validation="valid.jsonl")
    both("a quietly moving film")    # CascadeLabel(label='positive', ..., model='fasttext-rt')
    both.threshold, both.curve       # the chosen confidence threshold, the validation curve

A :class:`Cascade` answers with the small model when its confidence (the probability it gives its
answer, ``Label.score``) is at least ``threshold`` and defers the rest, batched, to the large
model; results are :class:`CascadeLabel` (a :class:`~taskzoo.results.Label` that also says which
model answered). The threshold is given, or chosen on labelled validation data to reach a
``target_accuracy`` with the fewest deferrals, or the best accuracy within ``max_deferral``.
This is the FrugalGPT idea (Chen, Zaharia & Zou, 2023) for any taskzoo classifier. Cheap
``advisors`` (e.g. the rule-based ``vader`` lexicon) can sharpen which items are deferred: the
cascade then learns on the validation data how far to trust the small model given its confidence
and the advisors' agreement (see :mod:`taskzoo.deferral`).

An :class:`Ensemble` runs several classifiers of the same labels and combines them by majority
``vote`` or by the ``mean`` of their class probabilities.

Both behave like a :class:`~taskzoo.Pipeline` (one input or a list, ``stream()``, ``load()``,
picklable, a ``name``), so they can be evaluated beside their members with
``taskzoo.evaluate(task, models=[fast, best, both])``.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from taskzoo.deferral import DeferralModel, fit_deferral
from taskzoo.errors import InvalidInputError
from taskzoo.inputs import is_batch
from taskzoo.registry import REGISTRY, ModelCard
from taskzoo.results import Label

DEFAULT_BATCH_SIZE = 32
#: with no target, the cheapest threshold whose accuracy is within this of the large model's
DEFAULT_TOLERANCE = 0.005
METHODS = ("vote", "mean")


@dataclass(frozen=True)
class CascadeLabel(Label):
    """A :class:`Label` from a cascade: ``model`` names the model that answered; ``deferred`` is
    True when the small model was not confident enough and the large model answered."""

    model: str = ""
    deferred: bool = False


@dataclass(frozen=True)
class CurvePoint:
    """One operating point of a cascade on labelled data."""

    threshold: float
    deferral: float
    accuracy: float


# -- members ---------------------------------------------------------------------------------------
def as_model(model: Any, task: str | None) -> Any:
    """A runnable classifier: a Pipeline, a cascade/ensemble, or a model name/path of ``task``."""
    if isinstance(model, (str, Path, ModelCard)):
        if task is None:
            raise InvalidInputError(
                f"model {str(model)!r} is given by name: also pass task= (e.g. task='sentiment') "
                "or pass pipelines made with taskzoo.load(task, model=...)"
            )
        from taskzoo.pipeline import Pipeline

        return Pipeline(task, model)
    if not callable(getattr(model, "predict_batch", None)):
        raise InvalidInputError(
            f"expected a taskzoo pipeline (taskzoo.load(...)) or a model name, got "
            f"{type(model).__name__}"
        )
    return model


def model_name(model: Any) -> str:
    """A short display name for a pipeline, cascade or ensemble."""
    name = getattr(model, "name", None)
    if isinstance(name, str) and name:
        return name
    card = getattr(model, "card", None)
    return str(card.name) if card is not None else type(model).__name__


def model_task(models: Sequence[Any], task: str | None) -> str:
    """The one classification task shared by ``models`` (or ``task``), checked."""
    tasks = {str(t) for t in (getattr(m, "task", None) for m in models) if t}
    if task is not None:
        tasks.add(REGISTRY.task(task).name)
    if len(tasks) > 1:
        raise InvalidInputError(f"the models are of different tasks ({', '.join(sorted(tasks))}): "
                                "combine models of one task")
    if not tasks:
        raise InvalidInputError("cannot tell the task of these models: pass task=")
    name = tasks.pop()
    spec = REGISTRY.task(name)
    if not spec.result.startswith("Label"):
        raise InvalidInputError(f"cascades and ensembles combine classifiers; {spec.name!r} "
                                f"returns {spec.result}")
    return spec.name


def model_labels(model: Any, load: bool = False) -> tuple[str, ...]:
    """The labels a classifier can answer (from its card, or from the loaded backend)."""
    labels = getattr(model, "labels", None)
    if isinstance(labels, (tuple, list)) and labels:
        return tuple(labels)
    card = getattr(model, "card", None)
    if card is not None and card.labels:
        return tuple(card.labels)
    if load and hasattr(model, "load"):
        backend = model.load()
        found = getattr(backend, "labels", None)
        if found:
            return tuple(found)
    return ()


def check_same_labels(models: Sequence[Any], load: bool = False) -> tuple[str, ...]:
    """The common label set of ``models``; InvalidInputError when they differ."""
    sets = {model_name(m): model_labels(m, load) for m in models}
    known = {name: labels for name, labels in sets.items() if labels}
    distinct = {frozenset(labels) for labels in known.values()}
    if len(distinct) > 1:
        detail = "; ".join(f"{name}: {', '.join(sorted(labels))}" for name, labels in known.items())
        raise InvalidInputError(
            f"the models answer different label sets ({detail}): combine models trained on the "
            "same labels"
        )
    return next(iter(known.values()), ())


def _supports_scores(model: Any) -> bool:
    backend = model.load() if hasattr(model, "load") else None
    return "scores" in getattr(backend, "call_options", frozenset())


def _with_scores(model: Any, items: list[Any]) -> list[Any]:
    """``model``'s results on ``items``, with every class's probability when it can give them."""
    if _supports_scores(model):
        return list(model.predict_batch(items, scores=True))
    return list(model.predict_batch(items))


# -- labelled data ---------------------------------------------------------------------------------
def labelled(data: Any) -> tuple[list[str], list[str]]:
    """``(texts, labels)`` from ``(texts, labels)``, ``(text, label)`` pairs or a CSV/JSONL path."""
    from taskzoo.training.data import load_examples

    return load_examples(data)


def _correct(results: Sequence[Any], gold: Sequence[str]) -> list[bool]:
    return [getattr(r, "label", None) == g for r, g in zip(results, gold, strict=True)]


def tradeoff(confidence: Sequence[float], small_ok: Sequence[bool],
             large_ok: Sequence[bool]) -> list[CurvePoint]:
    """Accuracy and deferral share for every useful threshold (items with confidence below the
    threshold go to the large model), from deferring nothing (0.0) to deferring everything."""
    n = len(confidence)
    if n == 0:
        raise InvalidInputError("the validation data is empty")
    order = sorted(range(n), key=lambda i: confidence[i])
    small_right = sum(small_ok)
    points = [CurvePoint(0.0, 0.0, small_right / n)]
    right = small_right
    for rank, i in enumerate(order):  # defer items one by one, least confident first
        right += int(large_ok[i]) - int(small_ok[i])
        nxt = confidence[order[rank + 1]] if rank + 1 < n else None
        if nxt is not None and nxt == confidence[i]:
            continue  # a threshold cannot split tied confidences
        if nxt is None and confidence[i] >= 1.0:
            break  # items the small model is certain of can only be deferred with threshold > 1
        threshold = 1.0 if nxt is None else float(nxt)
        points.append(CurvePoint(threshold, (rank + 1) / n, right / n))
    return points


def choose(points: Sequence[CurvePoint], target_accuracy: float | None,
           max_deferral: float | None) -> CurvePoint:
    """The operating point meeting the targets with the fewest deferrals (see :func:`cascade`)."""
    allowed = [p for p in points if max_deferral is None or p.deferral <= max_deferral + 1e-12]
    if target_accuracy is not None:
        good = [p for p in allowed if p.accuracy >= target_accuracy - 1e-12]
        if not good:
            best = max(allowed or points, key=lambda p: (p.accuracy, -p.deferral))
            raise InvalidInputError(
                f"no threshold reaches accuracy {target_accuracy:.3f} on the validation data"
                + (f" within max_deferral={max_deferral}" if max_deferral is not None else "")
                + f": the best is {best.accuracy:.3f} (deferring {best.deferral:.0%}). Lower "
                "target_accuracy or allow more deferral"
            )
        return min(good, key=lambda p: (p.deferral, -p.accuracy))
    return max(allowed, key=lambda p: (p.accuracy, -p.deferral))


def _fraction(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise InvalidInputError(f"{name} must be a number between 0 and 1, got {value!r}")
    return float(value)


# -- cascade ---------------------------------------------------------------------------------------
class Cascade:
    """Small model first; items it is unsure of go, batched, to the large model.

    Make one with :func:`taskzoo.cascade`. Counters ``items`` and ``deferred`` accumulate over
    calls (``deferral_rate`` is their ratio); ``curve`` holds the validation curve when the
    threshold was chosen on data. With ``advisors``, ``deferral`` (a fitted
    :class:`~taskzoo.deferral.DeferralModel`) turns the small model's confidence and the
    advisors' agreement into the trust that ``threshold`` applies to.
    """

    def __init__(self, small: Any, large: Any, threshold: float, task: str,
                 batch_size: int = DEFAULT_BATCH_SIZE, name: str | None = None,
                 curve: Sequence[CurvePoint] = (), validation: dict[str, float] | None = None,
                 advisors: Sequence[Any] = (), deferral: DeferralModel | None = None) -> None:
        if bool(advisors) != (deferral is not None):
            raise InvalidInputError("advisors and a fitted deferral model go together")
        self.small, self.large = small, large
        self.advisors = list(advisors)
        self.deferral = deferral
        self.threshold = float(threshold)
        self.task = task
        self.batch_size = batch_size
        advised = f", advisors: {'+'.join(map(model_name, advisors))}" if advisors else ""
        self.name = name or (f"cascade({model_name(small)}>{model_name(large)}@{threshold:.3g}"
                             f"{advised})")
        self.curve = list(curve)
        self.validation = dict(validation or {})
        self.items = 0
        self.deferred = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        advised = (f", advisors={[model_name(a) for a in self.advisors]!r}"
                   if self.advisors else "")
        return (f"Cascade(small={model_name(self.small)!r}, large={model_name(self.large)!r}, "
                f"threshold={self.threshold:.4g}{advised})")

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels both models answer."""
        return model_labels(self.small) or model_labels(self.large)

    @property
    def deferral_rate(self) -> float:
        """Share of the items seen so far that went to the large model."""
        return self.deferred / self.items if self.items else 0.0

    def load(self) -> Cascade:
        """Load both models (and any advisors) now; they otherwise load on first use."""
        for model in (self.small, self.large, *self.advisors):
            if hasattr(model, "load"):
                model.load()
        return self

    def __call__(self, inputs: Any) -> Any:
        """One input → one :class:`CascadeLabel`; a list → a list."""
        if is_batch(inputs):
            return list(self.stream(inputs))
        return self.predict_batch([inputs])[0]

    def trust(self, items: list[Any], first: Sequence[Any]) -> list[float]:
        """How far the small model's results ``first`` on ``items`` are trusted: its confidence,
        or with advisors the learned probability that it is right."""
        if self.deferral is None:
            return [float(getattr(r, "score", 0.0)) for r in first]
        advice = [_with_scores(a, items) for a in self.advisors]
        return [float(t) for t in self.deferral.trust(first, advice)]

    def _first_pass(self, items: list[Any],
                    scores: bool = False) -> tuple[list[Any], list[int]]:
        first = _with_scores(self.small, items) if scores else self.small.predict_batch(items)
        trust = self.trust(items, first)
        return first, [i for i, t in enumerate(trust) if t < self.threshold]

    def _answer(self, small: Any, large: Any | None) -> CascadeLabel:
        chosen = small if large is None else large
        return CascadeLabel(
            label=chosen.label, score=float(chosen.score), scores=getattr(chosen, "scores", None),
            model=model_name(self.small if large is None else self.large),
            deferred=large is not None,
        )

    def _count(self, items: int, deferred: int) -> None:
        with self._lock:
            self.items += items
            self.deferred += deferred

    def predict_batch(self, items: list[Any], scores: bool = False) -> list[CascadeLabel]:
        """Run one batch: the small model on all items, the large one on the unsure ones
        (``scores``: every class's probability from the model that answered, where it can)."""
        if not items:
            return []
        first, unsure = self._first_pass(list(items), scores)
        deferred = [items[i] for i in unsure]
        second = ((_with_scores(self.large, deferred) if scores
                   else self.large.predict_batch(deferred)) if unsure else [])
        by_index = dict(zip(unsure, second, strict=True))
        self._count(len(items), len(unsure))
        return [self._answer(r, by_index.get(i)) for i, r in enumerate(first)]

    def stream(self, inputs: Iterable[Any], batch_size: int | None = None,
               large_batch_size: int | None = None,
               progress: bool = False) -> Iterator[CascadeLabel]:
        """Yield one result per input, in order. The small model runs ``batch_size`` items at a
        time; deferred items wait until ``large_batch_size`` of them (default ``batch_size``) are
        queued, so the large model always gets full batches."""
        if isinstance(inputs, (str, bytes)):
            raise InvalidInputError("stream() takes an iterable of inputs, not a single input")
        size = batch_size or self.batch_size
        big = large_batch_size or size
        for value, what in ((size, "batch_size"), (big, "large_batch_size")):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InvalidInputError(f"{what} must be a positive int, got {value!r}")
        bar = None
        if progress:
            from tqdm.auto import tqdm

            total = len(inputs) if hasattr(inputs, "__len__") else None
            bar = tqdm(total=total, desc=self.name, unit=" items")
        results: list[Any] = []  # small results, or CascadeLabel once final
        done: list[bool] = []
        queue: list[tuple[int, Any]] = []  # (position in results, input) awaiting the large model
        offset = 0  # index of results[0] in the whole stream

        def flush() -> None:
            answers = self.large.predict_batch([item for _, item in queue])
            for (pos, _), answer in zip(queue, answers, strict=True):
                results[pos - offset] = self._answer(results[pos - offset], answer)
                done[pos - offset] = True
            queue.clear()

        iterator = iter(inputs)
        try:
            while batch := list(islice(iterator, size)):
                first, unsure = self._first_pass(batch)
                start = offset + len(results)
                unsure_set = set(unsure)
                for i, r in enumerate(first):
                    if i in unsure_set:
                        results.append(r)
                        done.append(False)
                        queue.append((start + i, batch[i]))
                    else:
                        results.append(self._answer(r, None))
                        done.append(True)
                self._count(len(batch), len(unsure))
                if len(queue) >= big:
                    flush()
                ready = next((k for k, d in enumerate(done) if not d), len(done))
                yield from results[:ready]
                if bar is not None:
                    bar.update(ready)
                del results[:ready], done[:ready]
                offset += ready
            if queue:
                flush()
            yield from results
            if bar is not None:
                bar.update(len(results))
        finally:
            if bar is not None:
                bar.close()

    def summarize(self, predictions: Sequence[Any]) -> dict[str, float]:
        """Extra evaluation columns from plain-dict predictions: the share deferred to ``large``."""
        flags = [bool(p.get("deferred")) for p in predictions if isinstance(p, dict)]
        return {"deferral": sum(flags) / len(flags)} if flags else {}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_lock"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()


def cascade(
    small: Any,
    large: Any,
    threshold: float | None = None,
    *,
    target_accuracy: float | None = None,
    max_deferral: float | None = None,
    validation: Any = None,
    tolerance: float = DEFAULT_TOLERANCE,
    advisors: Sequence[Any] = (),
    task: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    name: str | None = None,
) -> Cascade:
    """A classifier answering with ``small`` when it is confident, deferring the rest to ``large``.

    Args:
        small, large: pipelines (``taskzoo.load(task, model=...)``), other cascades/ensembles, or
            model names/paths of ``task``. Both must answer the same labels.
        threshold: the small model's confidence (``Label.score``, the probability of its answer)
            at or above which it answers; a number in [0, 1]. ``0`` never defers, ``1`` defers
            nearly everything. Give it, or give ``validation`` to choose it.
        target_accuracy: with ``validation``, the cheapest threshold (fewest deferrals) whose
            validation accuracy is at least this.
        max_deferral: with ``validation``, the largest share of items that may go to ``large``;
            alone, the most accurate threshold within it.
        validation: labelled data (``(texts, labels)``, ``(text, label)`` pairs or a CSV/JSONL
            path) on which both models run once to choose the threshold. With neither target, the
            cheapest threshold within ``tolerance`` of the large model's own accuracy is chosen.
        advisors: cheap classifiers of the same labels (pipelines or names, e.g. ``["vader"]``)
            that run on every item beside the small model. With them the cascade learns, on
            ``validation``, how far to trust the small model given its confidence and the
            advisors' agreement (:mod:`taskzoo.deferral`), and the threshold applies to that
            trust. Needs ``validation``.
        task: needed when models are given by name.
        batch_size: items per small-model batch (``stream``/list calls).

    Raises:
        InvalidInputError: a threshold or target outside [0, 1], models of different tasks or
            label sets, no way to set the threshold, or a target no threshold reaches.
    """
    threshold = _fraction(threshold, "threshold")
    target_accuracy = _fraction(target_accuracy, "target_accuracy")
    max_deferral = _fraction(max_deferral, "max_deferral")
    tolerance = _fraction(tolerance, "tolerance") or 0.0
    small, large = as_model(small, task), as_model(large, task)
    if isinstance(advisors, (str, Path, ModelCard)) or hasattr(advisors, "predict_batch"):
        advisors = [advisors]  # one advisor given on its own
    advisors = [as_model(a, task or getattr(small, "task", None)) for a in advisors]
    task = model_task([small, large, *advisors], task)
    check_same_labels([small, large, *advisors])
    if threshold is not None:
        if validation is not None or target_accuracy is not None or max_deferral is not None:
            raise InvalidInputError("give either threshold= or validation data with "
                                    "target_accuracy=/max_deferral=, not both")
        if advisors:
            raise InvalidInputError("advisors= needs validation= labelled data to learn how far "
                                    "to trust them (and choose the threshold there)")
        return Cascade(small, large, threshold, task, batch_size, name)
    if validation is None:
        raise InvalidInputError("give threshold= (0..1), or validation= labelled data to choose it "
                                "(with target_accuracy= or max_deferral=)")
    texts, gold = labelled(validation)
    small_out = _run(small, texts, batch_size)
    large_out = _run(large, texts, batch_size)
    small_ok, large_ok = _correct(small_out, gold), _correct(large_out, gold)
    deferral = None
    if advisors:
        advice = [_run(a, texts, batch_size, scores=True) for a in advisors]
        deferral, confidence = fit_deferral(small_out, advice, small_ok,
                                            [model_name(a) for a in advisors])
    else:
        confidence = [float(getattr(r, "score", 0.0)) for r in small_out]
    points = tradeoff(confidence, small_ok, large_ok)
    large_acc = sum(large_ok) / len(gold)
    if target_accuracy is None and max_deferral is None:
        target_accuracy = max(0.0, large_acc - tolerance)
    point = choose(points, target_accuracy, max_deferral)
    stats = {"items": float(len(gold)), "small_accuracy": sum(small_ok) / len(gold),
             "large_accuracy": large_acc, "accuracy": point.accuracy, "deferral": point.deferral}
    return Cascade(small, large, point.threshold, task, batch_size, name, points, stats,
                   advisors, deferral)


def _run(model: Any, texts: Sequence[str], batch_size: int, scores: bool = False) -> list[Any]:
    """``model`` on ``texts`` in batches (``scores``: with class probabilities where possible)."""
    out: list[Any] = []
    for start in range(0, len(texts), batch_size):
        batch = list(texts[start:start + batch_size])
        out += _with_scores(model, batch) if scores else model.predict_batch(batch)
    return out


# -- ensemble --------------------------------------------------------------------------------------
class Ensemble:
    """Several classifiers of the same labels, combined per item by ``vote`` or ``mean``.

    ``vote``: each member's label counts ``weight`` (answers outside the label set abstain); ties
    go to the label with the higher mean probability; ``score`` is the winner's share of the
    votes. ``mean``: the weighted mean of the members' class probabilities (members that cannot
    give every class's probability contribute their answer's probability, the rest spread evenly);
    ``score`` is the winner's mean probability. ``scores=True`` attaches the combined scores.
    """

    def __init__(self, members: Sequence[Any], method: str, task: str,
                 weights: Sequence[float] | None = None, name: str | None = None) -> None:
        self.members = list(members)
        self.method = method
        self.task = task
        self.weights = [float(w) for w in weights] if weights is not None else [1.0] * len(members)
        self.name = name or f"{method}({','.join(model_name(m) for m in self.members)})"
        self._labels: tuple[str, ...] = check_same_labels(self.members)

    def __repr__(self) -> str:
        return f"Ensemble({self.name!r})"

    @property
    def labels(self) -> tuple[str, ...]:
        """The members' common labels (checked on load when the cards do not list them)."""
        return self._labels

    def load(self) -> Ensemble:
        """Load every member and check that they answer the same labels."""
        for member in self.members:
            if hasattr(member, "load"):
                member.load()
        self._labels = check_same_labels(self.members, load=True)
        if not self._labels:
            raise InvalidInputError(f"cannot tell the labels of the members of {self.name}")
        return self

    def __call__(self, inputs: Any, scores: bool = False) -> Any:
        """One input → one :class:`Label`; a list → a list."""
        if is_batch(inputs):
            return list(self.stream(inputs, scores=scores))
        return self.predict_batch([inputs], scores=scores)[0]

    def stream(self, inputs: Iterable[Any], batch_size: int = DEFAULT_BATCH_SIZE,
               scores: bool = False) -> Iterator[Label]:
        """Yield one result per input, ``batch_size`` items at a time."""
        if isinstance(inputs, (str, bytes)):
            raise InvalidInputError("stream() takes an iterable of inputs, not a single input")
        iterator = iter(inputs)
        while batch := list(islice(iterator, batch_size)):
            yield from self.predict_batch(batch, scores=scores)

    def _probabilities(self, member: Any, items: list[Any]) -> list[dict[str, float] | None]:
        labels = self._labels
        results = _with_scores(member, items)
        out: list[dict[str, float] | None] = []
        for r in results:
            label, score = getattr(r, "label", None), float(getattr(r, "score", 0.0) or 0.0)
            given = getattr(r, "scores", None)
            if label not in labels:
                out.append(None)  # unparsed / off-label answer: the member abstains
            elif given:
                out.append({name: float(given.get(name, 0.0)) for name in labels})
            else:
                rest = (1.0 - score) / max(len(labels) - 1, 1)
                out.append({name: score if name == label else rest for name in labels})
        return out

    def predict_batch(self, items: list[Any], scores: bool = False) -> list[Label]:
        """Combine the members' answers on one batch."""
        if not items:
            return []
        if not self._labels:
            self.load()
        votes = [self._probabilities(m, list(items)) for m in self.members]
        return [self._combine([v[i] for v in votes], scores) for i in range(len(items))]

    def _combine(self, answers: list[dict[str, float] | None], scores: bool) -> Label:
        labels = self._labels
        live = [(w, a) for w, a in zip(self.weights, answers, strict=True) if a is not None]
        if not live:
            return Label("<abstained>", 0.0, {} if scores else None)
        total = sum(w for w, _ in live) or 1.0
        mean = {name: sum(w * a[name] for w, a in live) / total for name in labels}
        if self.method == "mean":
            combined = mean
        else:
            tally: Counter[str] = Counter()
            for w, a in live:
                tally[max(a, key=a.__getitem__)] += w
            combined = {name: tally.get(name, 0.0) / total for name in labels}
        best = max(labels, key=lambda name: (combined[name], mean[name]))
        rounded = {name: round(value, 6) for name, value in combined.items()}
        return Label(best, rounded[best], rounded if scores else None)

    def summarize(self, predictions: Sequence[Any]) -> dict[str, float]:
        """Extra evaluation columns (none for ensembles)."""
        return {}


def ensemble(models: Sequence[Any], method: str = "vote", *, weights: Sequence[float] | None = None,
             task: str | None = None, name: str | None = None) -> Ensemble:
    """Combine classifiers of one task and label set by majority ``vote`` or ``mean`` probability.

    Args:
        models: two or more pipelines (or model names with ``task=``, or cascades).
        method: ``"vote"`` or ``"mean"`` (see :class:`Ensemble`).
        weights: one non-negative weight per member (default equal).

    Raises:
        InvalidInputError: fewer than two members, an unknown method, bad weights, members of
            different tasks or label sets.
    """
    if method not in METHODS:
        raise InvalidInputError(f"unknown ensemble method {method!r}: use one of "
                                f"{', '.join(METHODS)}")
    if isinstance(models, (str, bytes)) or not isinstance(models, Sequence) or len(models) < 2:
        raise InvalidInputError("an ensemble needs a list of at least two models")
    members = [as_model(m, task) for m in models]
    if weights is not None and not _valid_weights(weights, len(members)):
        raise InvalidInputError(f"weights must be {len(members)} non-negative numbers, not all "
                                f"zero; got {weights!r}")
    task = model_task(members, task)
    return Ensemble(members, method, task, weights, name)


# -- combinations named in text (``taskzoo eval --models``) ---------------------------------------
def from_spec(task: str, text: str) -> Cascade | Ensemble | None:
    """A cascade or ensemble written as text, or None when ``text`` names a plain model.

    ``cascade:SMALL>LARGE@THRESHOLD`` (e.g. ``cascade:fasttext-rt>minilm-lora-rt@0.9``),
    ``vote:A+B+C`` and ``mean:A+B`` — the forms ``taskzoo eval --models`` accepts.
    """
    kind, sep, rest = text.partition(":")
    if not sep or kind not in {"cascade", *METHODS}:
        return None
    if kind == "cascade":
        pair, at, threshold = rest.partition("@")
        small, gt, large = pair.partition(">")
        if not (gt and at and small and large):
            raise InvalidInputError(
                f"write a cascade as cascade:SMALL>LARGE@THRESHOLD, got {text!r}")
        try:
            value = float(threshold)
        except ValueError as exc:
            raise InvalidInputError(f"the threshold in {text!r} is not a number") from exc
        return cascade(small.strip(), large.strip(), threshold=value, task=task, name=text)
    names = [n.strip() for n in rest.split("+") if n.strip()]
    return ensemble(names, method=kind, task=task, name=text)


def _valid_weights(weights: Any, n: int) -> bool:
    if isinstance(weights, (str, bytes)) or not isinstance(weights, Sequence) or len(weights) != n:
        return False
    if any(isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0 for w in weights):
        return False
    return bool(sum(weights))


__all__ = ["Cascade", "CascadeLabel", "CurvePoint", "Ensemble", "cascade", "choose", "ensemble",
           "from_spec", "tradeoff"]
