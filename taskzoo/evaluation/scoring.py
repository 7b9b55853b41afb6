"""Quality metrics per kind of task, computed with well-kept libraries.

Predictions arrive as plain dicts (``result.to_dict()``, so results from a worker process score
the same as in-process ones) or ``None`` for an item the model failed on (counted as wrong).

* classification: accuracy and macro-F1 (scikit-learn);
* NER: entity precision/recall/F1, exact span and type (seqeval, on character-level BIO tags so
  any tokenisation is scored alike); only entity types present in the gold data are scored;
* OCR: CER (and WER); ASR: WER (and CER) after lower-casing and removing punctuation (jiwer);
* detection: precision/recall/F1 at IoU >= 0.5, greedy one-to-one matching by score per label
  (a gold label ``*`` matches any predicted label).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FAILED = "<failed>"
#: a gold box labelled "*" matches a predicted box of any label
ANY_LABEL = "*"

#: TaskSpec.result prefix -> kind of task
RESULT_KINDS: tuple[tuple[str, str], ...] = (
    ("Label", "classification"),
    ("list[Entity]", "ner"),
    ("OCRResult", "ocr"),
    ("Transcript", "asr"),
    ("Detections", "detection"),
)

#: kind -> (headline metric, True if higher is better)
PRIMARY: dict[str, tuple[str, bool]] = {
    "classification": ("macro_f1", True),
    "ner": ("f1", True),
    "ocr": ("cer", False),
    "asr": ("wer", False),
    "detection": ("f1", True),
}


def kind_of(result: str) -> str | None:
    """The kind of task (``classification``, ``ner``, ...) from a TaskSpec's result text."""
    return next((kind for prefix, kind in RESULT_KINDS if result.startswith(prefix)), None)


def score(kind: str, targets: Sequence[Any], predictions: Sequence[Any]) -> dict[str, float]:
    """The quality metrics of ``predictions`` against ``targets`` for a kind of task."""
    return {"classification": _classification, "ner": _ner, "ocr": _ocr, "asr": _asr,
            "detection": _detection}[kind](targets, predictions)


def _label(prediction: Any) -> str:
    if isinstance(prediction, list):
        prediction = prediction[0] if prediction else None
    if isinstance(prediction, dict) and "label" in prediction:
        return str(prediction["label"])
    return FAILED


def _classification(targets: Sequence[Any], predictions: Sequence[Any]) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    gold = [str(t) for t in targets]
    pred = [_label(p) for p in predictions]
    return {
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=sorted(set(gold)), average="macro",
                                   zero_division=0)),
    }


def _char_tags(length: int, entities: Sequence[dict[str, Any]], types: set[str]) -> list[str]:
    tags = ["O"] * max(length, 1)
    for ent in sorted(entities, key=lambda e: int(e["start"])):
        start, end, label = int(ent["start"]), int(ent["end"]), str(ent["label"])
        if label not in types or not 0 <= start < end <= length:
            continue
        if any(tag != "O" for tag in tags[start:end]):
            continue  # overlapping spans cannot both be right under exact match
        tags[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
    return tags


def _ner(targets: Sequence[Any], predictions: Sequence[Any]) -> dict[str, float]:
    from seqeval.metrics import f1_score, precision_score, recall_score

    types = {str(e["label"]) for gold in targets for e in gold}
    lengths = [max((int(e["end"]) for e in gold), default=0) for gold in targets]
    lengths = [max(n, *(int(e.get("end", 0)) for e in (p or []) if isinstance(e, dict)))
               if p else n for n, p in zip(lengths, predictions, strict=True)]
    gold = [_char_tags(n, t, types) for n, t in zip(lengths, targets, strict=True)]
    pred = [_char_tags(n, p or [], types) for n, p in zip(lengths, predictions, strict=True)]
    return {
        "precision": float(precision_score(gold, pred, zero_division=0)),
        "recall": float(recall_score(gold, pred, zero_division=0)),
        "f1": float(f1_score(gold, pred, zero_division=0)),
    }


def _text(prediction: Any) -> str:
    return str(prediction.get("text", "")) if isinstance(prediction, dict) else ""


def _jiwer(refs: list[str], hyps: list[str], normalise: bool) -> dict[str, float]:
    import jiwer

    if normalise:
        clean = jiwer.Compose([jiwer.ToLowerCase(), jiwer.RemovePunctuation(),
                               jiwer.RemoveMultipleSpaces(), jiwer.Strip()])
        refs, hyps = [clean(r) for r in refs], [clean(h) for h in hyps]
    else:
        refs, hyps = [" ".join(r.split()) for r in refs], [" ".join(h.split()) for h in hyps]
    keep = [i for i, r in enumerate(refs) if r]  # jiwer cannot score an empty reference
    refs, hyps = [refs[i] for i in keep], [hyps[i] or "" for i in keep]
    return {"cer": float(jiwer.cer(refs, hyps)), "wer": float(jiwer.wer(refs, hyps))}


def _ocr(targets: Sequence[Any], predictions: Sequence[Any]) -> dict[str, float]:
    return _jiwer([str(t) for t in targets], [_text(p) for p in predictions], normalise=False)


def _asr(targets: Sequence[Any], predictions: Sequence[Any]) -> dict[str, float]:
    return _jiwer([str(t) for t in targets], [_text(p) for p in predictions], normalise=True)


def _iou(a: dict[str, Any], b: dict[str, Any]) -> float:
    ix = max(0.0, min(a["x2"], b["x2"]) - max(a["x1"], b["x1"]))
    iy = max(0.0, min(a["y2"], b["y2"]) - max(a["y1"], b["y1"]))
    inter = ix * iy
    area = ((a["x2"] - a["x1"]) * (a["y2"] - a["y1"]) + (b["x2"] - b["x1"]) * (b["y2"] - b["y1"])
            - inter)
    return inter / area if area > 0 else 0.0


def _same(gold: dict[str, Any], box: dict[str, Any]) -> bool:
    return bool(gold["label"] == ANY_LABEL or gold["label"] == box["label"])


def _detection(targets: Sequence[Any], predictions: Sequence[Any]) -> dict[str, float]:
    true_pos = n_pred = n_gold = 0
    for gold, pred in zip(targets, predictions, strict=True):
        boxes = pred.get("boxes", []) if isinstance(pred, dict) else []
        boxes = sorted(boxes, key=lambda b: -float(b.get("score", 0.0)))
        n_pred, n_gold = n_pred + len(boxes), n_gold + len(gold)
        unmatched = list(gold)
        for box in boxes:
            best = max(unmatched, default=None,
                       key=lambda g: _iou(g, box) if _same(g, box) else -1.0)
            if best is not None and _same(best, box) and _iou(best, box) >= 0.5:
                unmatched.remove(best)
                true_pos += 1
    precision = true_pos / n_pred if n_pred else 0.0
    recall = true_pos / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
