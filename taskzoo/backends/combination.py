"""A stored combination (a cascade saved by :func:`taskzoo.combine_store.save_cascade`) served
as one model: ``taskzoo.load("sentiment", model="<name or folder>")``.

Loading builds a :class:`~taskzoo.combine.Cascade` from the card: each member is a pipeline of
the same task (registry name, or a folder relative to the combination folder); a member that
cannot be found, or whose labels differ from the card's, is refused with its name. Blank text is
answered without running any member (the card's ``empty_label``, e.g. ``neutral``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.backends.decision import decide
from taskzoo.combine_store import is_combination_dir, read_combination
from taskzoo.errors import ModelLoadError, TaskZooError
from taskzoo.registry import ModelCard
from taskzoo.weights import LocalPath


class StoredCombination(Backend):
    """Serve a combination folder. Results are :class:`~taskzoo.combine.CascadeLabel`; call
    option ``scores`` attaches the answering member's class probabilities."""

    call_options: ClassVar[frozenset[str]] = frozenset({"scores"})

    @classmethod
    def accepts(cls, path: Path) -> bool:
        """True for a folder holding a combination ``card.json``."""
        return path.is_dir() and is_combination_dir(path)

    @classmethod
    def card_for_path(cls, task: str, path: Path) -> ModelCard:
        """The ModelCard serving the combination folder at ``path`` for ``task``."""
        meta = read_combination(path)
        return ModelCard(
            name=str(path), task=task, backend=f"{__name__}:{cls.__name__}",
            source=LocalPath(path=str(path)), extra="text", labels=tuple(meta["labels"]),
            options={"empty_label": "neutral"},
            description=meta.get("description") or f"a stored cascade ({path})")

    def load(self) -> None:
        from taskzoo.combine import Cascade
        from taskzoo.deferral import DeferralModel

        folder = self.weights_path()
        meta = read_combination(folder)
        labels = set(meta["labels"])
        members = meta["members"]
        small = self._member(members["small"], folder, labels)
        large = self._member(members["large"], folder, labels)
        advisors = [self._member(a, folder, labels) for a in members.get("advisors") or ()]
        deferral = None
        if advisors:
            fitted = meta["deferral"]
            deferral = DeferralModel(tuple(fitted["advisors"]), tuple(fitted["mean"]),
                                     tuple(fitted["scale"]), tuple(fitted["weights"]))
        self.cascade = Cascade(small, large, float(meta["threshold"]), self.card.task,
                               name=self.card.name, validation=meta.get("validation"),
                               advisors=advisors, deferral=deferral)
        self.labels = tuple(meta["labels"])
        self.empty_label = self.options.get("empty_label")

    def _member(self, reference: str, folder: Path, labels: set[str]) -> Any:
        """The pipeline of one member, checked to exist and to answer ``labels``."""
        from taskzoo.pipeline import Pipeline

        local = folder / reference
        target: str | Path = local if local.exists() else reference
        try:
            pipe = Pipeline(self.card.task, target)
        except TaskZooError as exc:
            raise ModelLoadError(
                f"combination {self.card.name!r}: member {reference!r} is missing ({exc}). "
                "Install or train it, or save the combination again with members that exist"
            ) from exc
        found = set(pipe.card.labels)
        if found and found != labels:
            raise ModelLoadError(
                f"combination {self.card.name!r}: member {reference!r} answers "
                f"{', '.join(sorted(found))}, but the combination answers "
                f"{', '.join(sorted(labels))}: every member must share the labels")
        return pipe

    def predict_batch(self, items: list[str], scores: bool = False, **_: Any) -> list[Any]:
        blank = {i for i, text in enumerate(items) if not text.strip()}
        filled = [i for i in range(len(items)) if i not in blank]
        answers = (self.cascade.predict_batch([items[i] for i in filled], scores=scores)
                   if filled else [])
        out: list[Any] = [None] * len(items)
        for i, answer in zip(filled, answers, strict=True):
            out[i] = answer
        for i in blank:
            out[i] = decide(self.labels, None, scores=scores, empty_label=self.empty_label)
        return out
