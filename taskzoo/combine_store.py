"""Saving a fitted cascade as a model folder that the registry loads by name or path.

A combination folder holds one ``card.json`` (no weights of its own)::

    {"format": "taskzoo-combination", "version": 1, "kind": "cascade", "task": "sentiment",
     "labels": ["negative", "positive"],
     "members": {"small": "fasttext-broad", "large": "minilm-lora-rt",
                 "advisors": ["vader", "minilm-static-broad"]},
     "threshold": 0.83,
     "deferral": {"advisors": [...], "mean": [...], "scale": [...], "weights": [...]},
     "validation": {...}, "metrics": {...}}

Members are registered model names of the task, or folders given relative to the combination
folder. :func:`save_cascade` writes it; :class:`taskzoo.backends.combination.StoredCombination`
loads it and refuses, naming the member, a member that is missing or answers other labels.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from taskzoo.combine import Cascade, model_labels, model_name
from taskzoo.errors import InvalidInputError, ModelLoadError, TaskZooError

CARD_FILE = "card.json"
FORMAT = "taskzoo-combination"
VERSION = 1


def is_combination_dir(path: Path) -> bool:
    """True if ``path`` is a folder holding a combination ``card.json``."""
    card = path / CARD_FILE
    if not card.is_file():
        return False
    try:
        return json.loads(card.read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def read_combination(path: Path) -> dict[str, Any]:
    """The checked ``card.json`` of the combination folder at ``path``.

    Raises:
        ModelLoadError: not a combination folder, or a field is missing or malformed.
    """
    try:
        meta = json.loads((path / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"{path} holds no readable combination card.json: {exc}") from exc
    members = meta.get("members") if isinstance(meta, dict) else None
    if (meta.get("format") != FORMAT or meta.get("kind") != "cascade"
            or not isinstance(members, dict) or not members.get("small")
            or not members.get("large") or not meta.get("labels")
            or not isinstance(meta.get("threshold"), (int, float))):
        raise ModelLoadError(
            f"{path / CARD_FILE} is not a complete taskzoo cascade card (format {FORMAT!r} with "
            "kind, labels, members.small, members.large and threshold): save it again with "
            "taskzoo.combine_store.save_cascade")
    if members.get("advisors") and not isinstance(meta.get("deferral"), dict):
        raise ModelLoadError(f"{path / CARD_FILE} names advisors but holds no fitted deferral "
                             "model: save it again with taskzoo.combine_store.save_cascade")
    return meta


def _reference(model: Any, folder: Path) -> str:
    """How a member is written in the card: its registry name, or a path relative to
    ``folder`` (absolute when it lies elsewhere)."""
    from taskzoo.registry import REGISTRY

    name = model_name(model)
    card = getattr(model, "card", None)
    if card is not None and not Path(name).exists():
        try:
            REGISTRY.resolve(model.task, name)
            return name
        except TaskZooError as exc:
            raise InvalidInputError(f"member {name!r} is neither a registered model nor a "
                                    "folder: a stored combination can only name those") from exc
    target = Path(name).resolve()
    try:
        return str(target.relative_to(folder.resolve()))
    except ValueError:
        return str(target)


def save_cascade(cascade: Cascade, path: str | Path, metrics: dict[str, Any] | None = None,
                 description: str = "") -> Path:
    """Write ``cascade`` (threshold, members, fitted advisor weights) as a combination folder.

    Load it back with ``taskzoo.load(cascade.task, model=path)``; register it with a
    :class:`~taskzoo.registry.ModelCard` whose backend is
    ``taskzoo.backends.combination:StoredCombination``.

    Raises:
        InvalidInputError: a member that is neither a registered model nor a folder.
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    deferral = cascade.deferral
    meta = {
        "format": FORMAT, "version": VERSION, "kind": "cascade", "task": cascade.task,
        "labels": sorted(model_labels(cascade.small) or model_labels(cascade.large)),
        "members": {"small": _reference(cascade.small, folder),
                    "large": _reference(cascade.large, folder),
                    "advisors": [_reference(a, folder) for a in cascade.advisors]},
        "threshold": round(cascade.threshold, 6),
        "deferral": None if deferral is None else {
            "advisors": list(deferral.advisors), "mean": list(deferral.mean),
            "scale": list(deferral.scale), "weights": list(deferral.weights)},
        "validation": cascade.validation,
        "metrics": metrics or {},
        "description": description,
    }
    (folder / CARD_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return folder


__all__ = ["is_combination_dir", "read_combination", "save_cascade"]
