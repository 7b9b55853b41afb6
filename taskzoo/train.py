"""``taskzoo.train``: train your own small model and get a directory ``taskzoo.load`` serves.

    import taskzoo as tz
    tz.train("text-classification", [("great film", "pos"), ("dull", "neg"), ...],
             method="fasttext", output_dir="my-model")
    clf = tz.load("text-classification", model="my-model")
    clf("what a ride")        # Label(label='pos', score=0.93)

Text tasks (``text-classification``, ``sentiment``, ``spam``) share one recipe:

1. every input check runs first (:mod:`taskzoo.training.data`), so bad data fails in
   milliseconds with :class:`~taskzoo.errors.InvalidInputError`, never after an hour of training;
2. data without explicit ``validation``/``test`` parts is split 80/10/10 (stratified, seeded);
3. the method trains on the train part (``fasttext``: seconds; ``static``: logistic regression
   on the mean of static token vectors distilled from MiniLM, seconds, and it knows words the
   data never showed; ``head``: logistic regression on frozen MiniLM embeddings, a minute;
   ``lora``: LoRA fine-tuning of the encoder, longest and most accurate); the validation part
   picks hyper-parameters/epochs, fits the probability temperature and, for a binary task with
   ``positive_label``, the operating threshold;
4. the test part, never seen before, gives the metrics written into ``card.json`` — computed by
   loading the finished model through the same backend users get;
5. the directory is assembled under a temporary name and renamed into place when complete.

``task="detection"`` hands over to :func:`taskzoo.train_detection.train_detection`, and
``task="ner"`` to :func:`taskzoo.training.ner.train_ner` (spaCy, torch-free: new entity types
with rehearsal of the old ones, or ``keep_base_labels=False``).
"""

from __future__ import annotations

import sys
import time
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from taskzoo.errors import InvalidInputError

TEXT_TASKS = ("text-classification", "sentiment", "spam")
METHODS = ("fasttext", "static", "head", "lora")
NER_METHODS = ("spacy", "minilm")
DEFAULT_BASE = "all-minilm-l6-v2"
EMPTY_LABELS = {"sentiment": "neutral", "spam": "ham"}


def train(
    task: str,
    data: Any,
    *,
    method: str | None = None,
    output_dir: str | Path,
    validation: Any = None,
    test: Any = None,
    text_column: str = "text",
    label_column: str = "label",
    base_model: str | Path = DEFAULT_BASE,
    positive_label: str | None = None,
    threshold: float | str | None = "auto",
    seed: int = 0,
    progress: bool = True,
    overwrite: bool = False,
    short_text_chars: int | None = None,
    **options: Any,
) -> Path:
    """Train a model for ``task`` and write it to ``output_dir``; return that path.

    Args:
        task: ``"text-classification"`` (any label set), ``"sentiment"``, ``"spam"``,
            ``"detection"`` (forwarded to ``train_detection(data, output_dir=..., **options)``),
            or ``"ner"`` (forwarded to ``train_ner(data, output_dir=..., validation=..., test=...,
            seed=..., progress=..., overwrite=..., **options)``: JSONL/CoNLL/spaCy-style spans;
            options ``keep_base_labels``, ``rehearsal_texts``, ``snap``, ``max_epochs``, ...;
            ``base_model`` is a spaCy NER model there).
        data: labelled texts: a list of ``(text, label)`` pairs, a pandas DataFrame, or a path
            to a CSV/TSV/JSONL file with ``text_column`` and ``label_column``.
        method: ``"fasttext"`` (default), ``"static"``, ``"head"`` or ``"lora"`` (see the module
            docstring); for ``"ner"``: ``"spacy"`` (default) or ``"minilm"`` (a token
            classifier on MiniLM, trained with torch, served on ONNX Runtime).
        output_dir: the model directory to create (must not exist or be empty unless
            ``overwrite=True``); load it with ``taskzoo.load(task, model=output_dir)``.
        validation, test: optional separate parts in the same forms as ``data``; missing parts
            are split off ``data`` (10 % each, stratified by label).
        base_model: the encoder for ``head``/``lora``: a registered embeddings model name or a
            local transformers/sentence-transformers folder.
        positive_label: for a binary task, the class the operating ``threshold`` applies to
            (default ``"spam"`` for the spam task). ``threshold="auto"`` picks the one with the
            best validation F1 for that class; a float fixes it; ``None`` uses argmax.
        short_text_chars: with ``threshold="auto"``, texts of at most this many characters
            get their own operating threshold, chosen on the short validation texts (e.g. SMS
            beside e-mail for spam: short messages score lower, so one cut cannot suit both).
        seed: seeds the split and the training.
        progress: tqdm progress bars and a log line per step.
        overwrite: replace an existing ``output_dir``.
        **options: method hyper-parameters, e.g. ``epochs``, ``lr``, ``batch_size``,
            ``max_length``, ``r`` (lora); ``epoch``, ``wordNgrams``, ``dim`` (fasttext);
            ``C``, ``max_length`` (head).

    Raises:
        InvalidInputError: bad task/method/data/options, before any training starts.
    """
    if not isinstance(task, str):
        raise InvalidInputError(f"task must be a str such as 'text-classification', got {task!r}")
    from taskzoo.registry import REGISTRY

    canonical = REGISTRY.task(task).name if task != "text-classification" else task
    if canonical == "detection":
        from taskzoo.train_detection import train_detection

        return Path(train_detection(data, output_dir=output_dir, **options))
    if canonical == "ner":
        return _train_ner(data, method=method, output_dir=output_dir, validation=validation,
                          test=test, base_model=base_model, seed=seed, progress=progress,
                          overwrite=overwrite, **options)
    if canonical not in TEXT_TASKS:
        raise InvalidInputError(
            f"taskzoo.train supports the tasks {', '.join(TEXT_TASKS)}, ner and detection, not "
            f"{task!r}"
        )
    from taskzoo.training.text import TextJob

    job = TextJob.build(
        task=canonical, data=data, method=method or "fasttext", output_dir=Path(output_dir),
        validation=validation, test=test, text_column=text_column, label_column=label_column,
        base_model=base_model, positive_label=positive_label, threshold=threshold, seed=seed,
        progress=progress, overwrite=overwrite, options=options,
        short_text_chars=short_text_chars,
    )
    start = time.time()
    path = job.run()
    if progress:
        print(f"taskzoo.train: wrote {path} in {time.time() - start:.0f} s", file=sys.stderr)
    return path


def _train_ner(data: Any, *, method: str | None, base_model: str | Path,
                **kwargs: Any) -> Path:
    if method not in (None, *NER_METHODS):
        raise InvalidInputError(
            f"unknown NER training method {method!r}: use {', '.join(NER_METHODS)}"
        )
    from taskzoo.training.ner import DEFAULT_BASE as NER_BASE
    from taskzoo.training.ner import train_ner

    base = NER_BASE if str(base_model) == DEFAULT_BASE else base_model
    return train_ner(data, method=method or "spacy", base_model=base, **kwargs)


def _check_method(method: Any) -> str:
    if method not in METHODS:
        raise InvalidInputError(
            f"unknown training method {method!r}: use one of {', '.join(METHODS)}"
        )
    return str(method)


class _CallableModule(types.ModuleType):
    """Importing ``taskzoo.train`` as a module binds the name ``taskzoo.train`` to the module;
    making the module callable keeps ``taskzoo.train(...)`` working whichever way it was
    reached first."""

    def __call__(self, *args: Any, **kwargs: Any) -> Path:
        return train(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__: Sequence[str] = ("train",)
