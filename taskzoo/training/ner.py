"""Train an entity model on a user's spans: ``taskzoo.train("ner", data, ...)``.

Two methods share the checks, the split, the card and the test metrics: ``spacy`` (default,
below) fine-tunes spaCy's entity recogniser, torch-free; ``minilm``
(:mod:`taskzoo.training.ner_minilm`) trains a token classifier on the MiniLM encoder with torch
and serves it on ONNX Runtime. Both keep the base model's types the same way (step 3: the
unchanged base model runs beside the trained one).

The ``spacy`` recipe (torch-free, like spaCy itself):

1. every check runs first: the output folder, the options, then every span of every part
   (:mod:`taskzoo.training.ner_data`), so bad data fails before any model loads;
2. data without explicit ``validation``/``test`` parts is split 80/10/10 (seeded);
3. ``keep_base_labels=True`` (default) starts from the base pipeline's ``ner`` component and adds
   the new labels. The base model annotates every training text (and any ``rehearsal_texts``)
   with its own entities; those that do not overlap a user span join the gold, so each update
   also rehearses the old types ("pseudo-rehearsal") and the new labels are learnt in context.
   Rehearsal alone still let the old types drift (agreement with the base model on unseen plot
   sentences: 0.60 without rehearsal texts, 0.82 with 300), so the served model also guards them
   at inference: the folder's pipeline gives the new labels, the unchanged base model run beside
   it gives the others (base entities overlapping a new one are dropped; see
   :func:`taskzoo.backends.spacy.merge`). ``keep_base_labels=False`` trains a fresh ``ner``
   component on the user's labels only and serves it alone;
4. training runs epoch by epoch; the validation part picks the epoch (best micro F1, patience 3);
5. the test part gives the card's metrics, computed on the finished folder through the backend
   users get: F1 per user label on the user's spans, and for the kept labels the agreement (F1)
   with the base model's own entities on the held-out texts;
6. the folder (``card.json`` + ``spacy/``, see :mod:`taskzoo.formats.ner_dir`) is built under a
   temporary name and renamed into place when complete.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taskzoo.errors import InvalidInputError, MissingDependencyError
from taskzoo.formats import ner_dir as ner_folder
from taskzoo.training.ner_data import (
    Example,
    Span,
    SpanReport,
    check_base_options,
    load_ner_examples,
    spacy_aligner,
)

DEFAULT_BASE = "spacy-en-core-web-sm"
METHODS = ("spacy", "minilm")
MIN_EXAMPLES = 2
DEFAULTS: dict[str, Any] = {"max_epochs": 20, "patience": 3, "dropout": 0.2, "batch_size": 16}


@dataclass
class Parts:
    """The checked examples of each part (gold = the user's spans only)."""

    train: list[Example]
    validation: list[Example]
    test: list[Example]
    report: SpanReport


def train_ner(
    data: Any,
    *,
    output_dir: str | Path,
    method: str = "spacy",
    validation: Any = None,
    test: Any = None,
    base_model: str | Path = DEFAULT_BASE,
    keep_base_labels: bool = True,
    rehearsal_texts: list[str] | None = None,
    snap: bool = False,
    seed: int = 0,
    progress: bool = True,
    overwrite: bool = False,
    **options: Any,
) -> Path:
    """Train an entity model on ``data`` and write its folder; return the folder's path.

    Args:
        data: spans in any form of :mod:`taskzoo.training.ner_data` (JSONL, CoNLL/BIO, pairs).
        output_dir: the folder to create; ``taskzoo.load("ner", model=output_dir)`` serves it.
        method: ``"spacy"`` (default: fine-tune the spaCy pipeline, torch-free) or ``"minilm"``
            (a token classifier on the MiniLM encoder, trained with torch, served on ONNX
            Runtime; see :mod:`taskzoo.training.ner_minilm`).
        validation, test: optional separate parts; missing ones are split off ``data``.
        base_model: the spaCy pipeline whose types are kept (a ``ner`` model name or a local
            folder); the ``spacy`` method also starts from it.
        keep_base_labels: keep the base model's entity types, or train and serve only the
            labels present in ``data``.
        rehearsal_texts: extra unlabelled texts for the base model to annotate and rehearse
            on (ordinary sentences with people, places, dates, ...; a tenth of them, from ten
            texts on, joins the validation part); used only with ``keep_base_labels``. Without
            them the rehearsal covers only the training texts.
        snap: widen spans that miss token boundaries instead of refusing them (counted in the
            card as ``snapped_spans``).
        seed, progress, overwrite: as for text classification.
        **options: ``spacy``: ``max_epochs`` (20), ``patience`` (3), ``dropout`` (0.2),
            ``batch_size`` (16); ``minilm``: see :data:`taskzoo.training.ner_minilm.DEFAULTS`.

    Raises:
        InvalidInputError: a bad option, an existing output folder, empty or single-example
            data, or a malformed/misaligned/overlapping/out-of-range span, before training.
        MissingDependencyError: spaCy (both methods) or, for ``minilm``, torch and
            transformers (the ``[train]`` extra) are not installed, before training.
    """
    target = Path(output_dir).expanduser().resolve()
    if target.exists() and not overwrite and (not target.is_dir() or any(target.iterdir())):
        raise InvalidInputError(
            f"{target} already exists: pick a new output_dir, or pass overwrite=True (--overwrite)"
        )
    if method == "minilm":
        from taskzoo.training import ner_minilm

        settings = ner_minilm.settings(options, keep_base_labels, rehearsal_texts)
        ner_minilm.require(settings)
    elif method == "spacy":
        settings = _settings(options, keep_base_labels, rehearsal_texts)
    else:
        raise InvalidInputError(
            f"unknown NER training method {method!r}: use one of {', '.join(METHODS)}"
        )
    try:
        import spacy
    except ImportError as exc:
        raise MissingDependencyError(
            f"NER training needs spaCy ({exc}): pip install \"taskzoo[text]\""
        ) from exc
    parts = _parts(data, validation, test, spacy_aligner(spacy.blank("en")), snap, seed)
    new_labels = sorted(parts.report.labels)
    if not new_labels:
        raise InvalidInputError("the NER data has no entity spans: label at least one entity")
    start = time.time()
    base_nlp, base_name = _load_base(base_model) if keep_base_labels else (None, None)
    from taskzoo.training.modeldir import staging_dir

    with staging_dir(target, overwrite=overwrite) as tmp:
        if method == "spacy":
            meta, guide = _train_spacy(tmp, base_nlp, parts, new_labels, rehearsal_texts,
                                       settings, seed, progress)
        else:
            meta, guide = _train_minilm(tmp, base_nlp, parts, new_labels, rehearsal_texts,
                                        settings, seed, progress)
        meta = {
            "task": "ner", "method": method, **meta, "new_labels": new_labels,
            "base_model": base_name, "keep_base_labels": keep_base_labels,
            "inference": (f"the new labels from this {method} model; the others from the base "
                          "model run beside it, unchanged" if keep_base_labels
                          else f"this {method} model alone"),
        }
        meta["data"] = {"train": len(parts.train), "validation": len(parts.validation),
                        "test": len(parts.test), **meta.get("data", {}),
                        "spans": parts.report.labels, "snapped_spans": parts.report.snapped}
        meta["training"] = {**settings, **meta.get("training", {}), "seed": seed,
                            "seconds": round(time.time() - start, 1)}
        meta = {k: meta[k] for k in (*ner_folder.CARD_ORDER, *meta) if k in meta}
        ner_folder.write_card(tmp, meta)
        meta["metrics"]["test"] = _test_metrics(_served(tmp), parts.test, guide, new_labels)
        ner_folder.write_card(tmp, meta)
    if progress:
        print(f"taskzoo.train: wrote {target} in {time.time() - start:.0f} s; "
              f"test {meta['metrics']['test']}")
    return target


def _gold(base_nlp: Any, parts: Parts, extra: list[str], seed: int
          ) -> tuple[dict[str, list[Span]], list[tuple[str, list[Span]]],
                     list[tuple[str, list[Span]]]]:
    """The gold both methods train on: the user's spans plus the base model's non-overlapping
    entities, on the train/validation parts and on the rehearsal texts (split the same way).
    Returns the base model's entities per text and the train and validation gold."""
    guide = _base_entities(base_nlp, parts, extra)
    extra_train, extra_valid = _split_texts(extra, seed)
    train_gold = [(t, _merge(s, guide.get(t, []))) for t, s in
                  parts.train + [(t, []) for t in extra_train]]
    valid_gold = [(t, _merge(s, guide.get(t, []))) for t, s in
                  parts.validation + [(t, []) for t in extra_valid]]
    return guide, train_gold, valid_gold


def _train_spacy(tmp: Path, base_nlp: Any, parts: Parts, new_labels: list[str],
                 rehearsal_texts: list[str] | None, settings: dict[str, Any], seed: int,
                 progress: bool) -> tuple[dict[str, Any], dict[str, list[Span]]]:
    """The ``spacy`` method: fine-tune, write ``spacy/`` into ``tmp``; return the card's
    method-specific part and the base model's entities of every text."""
    import spacy

    nlp, optimizer = _start_model(base_nlp, new_labels, parts.train, seed)
    extra = list(rehearsal_texts or [])
    guide, train_gold, valid_gold = _gold(base_nlp, parts, extra, seed)
    history = _fit(nlp, optimizer, train_gold, valid_gold, settings, seed, progress)
    nlp.to_disk(tmp / ner_folder.PIPELINE_DIR)
    meta = {
        "labels": sorted(set(nlp.get_pipe("ner").labels)),
        "metrics": {"validation": {"f1": history["best_f1"], "epoch": history["best_epoch"]}},
        "data": {"rehearsal_texts": len(extra)},
        "training": {"epochs_run": history["epochs"], "spacy": spacy.__version__},
    }
    return meta, guide


def _train_minilm(tmp: Path, base_nlp: Any, parts: Parts, new_labels: list[str],
                  rehearsal_texts: list[str] | None, settings: dict[str, Any], seed: int,
                  progress: bool) -> tuple[dict[str, Any], dict[str, list[Span]]]:
    """The ``minilm`` method, with the same gold as the spaCy method: the user's spans plus the
    base model's non-overlapping entities on the training texts and the rehearsal texts."""
    from taskzoo.training import ner_minilm

    extra = list(rehearsal_texts or []) if base_nlp is not None else []
    guide, train_gold, valid_gold = _gold(base_nlp, parts, extra, seed)
    meta = ner_minilm.train(tmp, train_gold, valid_gold, new_labels, settings, seed, progress)
    base_labels = sorted(base_nlp.get_pipe("ner").labels) if base_nlp is not None else []
    meta["labels"] = sorted(set(new_labels) | set(base_labels))
    meta.setdefault("data", {})["rehearsal_texts"] = len(extra)
    return meta, guide


# -- steps ----------------------------------------------------------------------------------------
def _settings(options: dict[str, Any], keep: Any, rehearsal: Any) -> dict[str, Any]:
    unknown = sorted(set(options) - set(DEFAULTS))
    if unknown:
        raise InvalidInputError(
            f"unknown NER training option(s) {', '.join(unknown)}: use {', '.join(DEFAULTS)}"
        )
    settings = {**DEFAULTS, **options}
    for name in ("max_epochs", "patience", "batch_size"):
        value = settings[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInputError(f"{name} must be a positive int, got {value!r}")
    dropout = settings["dropout"]
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
        raise InvalidInputError(f"dropout must be a number in [0, 1), got {dropout!r}")
    check_base_options(keep, rehearsal)
    return settings


def _parts(data: Any, validation: Any, test: Any, align: Any, snap: bool, seed: int) -> Parts:
    examples, report = load_ner_examples(data, align, snap, where="training data")
    given = {}
    for name, part in (("validation", validation), ("test", test)):
        if part is not None:
            given[name], sub = load_ner_examples(part, align, snap, where=name)
            report.snapped += sub.snapped
    needed = 1 + (validation is None) + (test is None)
    if len(examples) < max(MIN_EXAMPLES, needed):
        raise InvalidInputError(
            f"the NER training data has {len(examples)} example(s): give at least "
            f"{max(MIN_EXAMPLES, needed)} (one to train on and one per held-out part), and "
            "preferably hundreds"
        )
    rows = list(range(len(examples)))
    random.Random(seed).shuffle(rows)
    n_hold = max(1, round(0.1 * len(rows)))
    out: dict[str, list[Example]] = {}
    for name in ("test", "validation"):
        if name in given:
            out[name] = given[name]
        else:
            out[name], rows = [examples[i] for i in rows[:n_hold]], rows[n_hold:]
    train = [examples[i] for i in sorted(rows)]
    report.labels = {}
    for _, spans in train:
        for _, _, label in spans:
            report.labels[label] = report.labels.get(label, 0) + 1
    return Parts(train, out["validation"], out["test"], report)


def _load_base(base_model: str | Path) -> tuple[Any, str]:
    import spacy

    from taskzoo.registry import resolve

    card = resolve("ner", base_model)
    if not card.backend.endswith(":SpacyNER"):
        raise InvalidInputError(
            f"base_model {base_model!r} is not a spaCy pipeline: NER training starts from one "
            "(the default spacy-en-core-web-sm, or a local spaCy folder)"
        )
    name = card.options.get("spacy_name")
    target = name or str(card.source.locate() if card.source else base_model)
    if not name and ner_folder.is_ner_folder(Path(target)):
        ner_folder.verify(Path(target))
        target = str(Path(target) / ner_folder.PIPELINE_DIR)
    nlp = spacy.load(target)
    keep = {"ner"}
    ner = nlp.get_pipe("ner")
    listener = getattr(ner.model.get_ref("tok2vec"), "name", "") == "tok2vec-listener"
    if listener:
        keep.add("tok2vec")
    for pipe in list(nlp.component_names):
        if pipe not in keep:
            nlp.remove_pipe(pipe)
    return nlp, card.name


def _start_model(
    base_nlp: Any, labels: list[str], train: list[Example], seed: int
) -> tuple[Any, Any]:
    """The pipeline to train (the base one with the new labels added, or a fresh ``ner``) and
    its optimizer."""
    import spacy
    from spacy.training import Example as SpacyExample

    spacy.util.fix_random_seed(seed)
    if base_nlp is None:
        nlp = spacy.blank("en")
        ner = nlp.add_pipe("ner")
        for label in labels:
            ner.add_label(label)
        optimizer = nlp.initialize(
            lambda: [SpacyExample.from_dict(nlp.make_doc(t), {"entities": s}) for t, s in train]
        )
        return nlp, optimizer
    ner = base_nlp.get_pipe("ner")
    for label in labels:
        ner.add_label(label)
    return base_nlp, base_nlp.resume_training()


def _base_entities(base_nlp: Any, parts: Parts, extra: list[str]) -> dict[str, list[Span]]:
    """The base model's own entities for every text (empty without a base model)."""
    if base_nlp is None:
        return {}
    texts = list(dict.fromkeys([t for t, _ in parts.train + parts.validation + parts.test]
                               + extra))
    return {text: [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for text, doc in zip(texts, base_nlp.pipe(texts, batch_size=64), strict=True)}


def _split_texts(texts: list[str], seed: int) -> tuple[list[str], list[str]]:
    """Rehearsal texts for training and (one in ten, from ten texts on) for validation, so the
    epoch is chosen on how well the old types are kept as well as on the new ones."""
    if len(texts) < 10:
        return texts, []
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    hold = set(order[: round(0.1 * len(texts))])
    return ([t for i, t in enumerate(texts) if i not in hold],
            [t for i, t in enumerate(texts) if i in hold])


def _merge(gold: list[Span], guide: list[Span]) -> list[Span]:
    """The user's spans, plus the base model's spans that overlap none of them."""
    kept = [g for g in guide if not any(g[0] < e and s < g[1] for s, e, _ in gold)]
    return sorted(gold + kept)


def _fit(nlp: Any, optimizer: Any, train: list[Example], valid: list[Example],
         settings: dict[str, Any], seed: int, progress: bool) -> dict[str, Any]:
    """Train epoch by epoch; keep the weights of the epoch with the best validation F1."""
    from spacy.training import Example as SpacyExample
    from spacy.util import minibatch

    examples = [SpacyExample.from_dict(nlp.make_doc(t), {"entities": s}) for t, s in train]
    rng = random.Random(seed)
    best = {"best_f1": -1.0, "best_epoch": 0, "epochs": 0}
    best_bytes = None
    for epoch in range(1, settings["max_epochs"] + 1):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=settings["batch_size"]):
            nlp.update(batch, drop=settings["dropout"], sgd=optimizer, losses=losses)
        f1 = score(_predict(nlp, [t for t, _ in valid]), [s for _, s in valid])["f1"]
        best["epochs"] = epoch
        if progress:
            print(f"  epoch {epoch}: loss {losses.get('ner', 0.0):.1f}, validation F1 {f1:.3f}")
        if f1 > best["best_f1"]:
            best.update(best_f1=round(f1, 4), best_epoch=epoch)
            best_bytes = nlp.to_bytes()
        elif epoch - best["best_epoch"] >= settings["patience"]:
            break
    if best_bytes is not None:
        nlp.from_bytes(best_bytes)
    return best


def _predict(nlp: Any, texts: list[str]) -> list[list[Span]]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=64)]


def score(predicted: list[list[Span]], gold: list[list[Span]],
          labels: set[str] | None = None) -> dict[str, float]:
    """Micro precision/recall/F1 of exact spans, counting only ``labels`` (all when None)."""
    def keep(spans: list[Span]) -> set[tuple[int, Span]]:
        return {(i, s) for i, group in enumerate(spans) for s in group
                if labels is None or s[2] in labels}

    pred = keep([list(p) for p in predicted])
    true = keep([list(g) for g in gold])
    hits = len(pred & true)
    precision = hits / len(pred) if pred else 0.0
    recall = hits / len(true) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _served(folder: Path) -> Callable[[list[str]], list[list[Span]]]:
    """The finished folder's predictions through the backend ``taskzoo.load`` uses."""
    import importlib

    from taskzoo.backends.spacy import TrainedNERFolder

    card = TrainedNERFolder.card_for_path("ner", folder)
    module, name = card.backend.split(":")
    backend = getattr(importlib.import_module(module), name)(card)
    backend.load()
    return lambda texts: [[(e.start, e.end, e.label) for e in ents]
                          for ents in backend.predict_batch(texts)]


def _test_metrics(predict: Callable[[list[str]], list[list[Span]]], test: list[Example],
                  guide: dict[str, list[Span]], new_labels: list[str]) -> dict[str, Any]:
    """Scores on the held-out test part, of the model as served."""
    texts = [t for t, _ in test]
    predicted = predict(texts)
    gold = [s for _, s in test]
    overall = score(predicted, gold, set(new_labels))
    out: dict[str, Any] = {f"{k} (new labels)": v for k, v in overall.items()}
    for label in new_labels:
        out[f"f1 {label}"] = score(predicted, gold, {label})["f1"]
    if guide:
        base = [[g for g in _merge(spans, guide.get(t, [])) if g[2] not in new_labels]
                for t, spans in test]
        old = {g[2] for group in base for g in group}
        out["f1 agreement with the base model (its labels)"] = score(
            [[p for p in group if p[2] in old] for group in predicted], base, old)["f1"]
    out["examples"] = len(test)
    return out
