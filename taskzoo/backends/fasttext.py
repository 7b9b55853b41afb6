"""fastText supervised classifiers (language id with lid.176, fast sentiment and spam heads).

Options (from the card): ``label_map`` renames fastText's ``__label__x`` labels; ``empty_label``
is returned with score 0.0 for blank text instead of guessing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.results import Label

PREFIX = "__label__"


class FastTextClassifier(Backend):
    """Classify texts with a fastText ``.bin``/``.ftz`` model.

    Call options: ``k`` (top-k labels, returned as a list when k > 1) and ``scores`` (attach
    every class's probability to the label).
    """

    call_options: ClassVar[frozenset[str]] = frozenset({"k", "scores"})

    def load(self) -> None:
        import fasttext

        self.model = fasttext.load_model(str(self.weights_path()))
        self.label_map: dict[str, str] = dict(self.options.get("label_map", {}))
        self.empty_label: str | None = self.options.get("empty_label")
        self.all_labels = [self._name(raw) for raw in self.model.get_labels()]

    def _name(self, raw: str) -> str:
        name = raw[len(PREFIX):] if raw.startswith(PREFIX) else raw
        return self.label_map.get(name, name)

    def predict_batch(
        self, items: list[str], k: int = 1, scores: bool = False, **_: Any
    ) -> list[Any]:
        if not isinstance(k, int) or k < 1:
            from taskzoo.errors import InvalidInputError

            raise InvalidInputError(f"k must be a positive int, got {k!r}")
        lines = [" ".join(text.split()) for text in items]  # fastText needs one line per text
        want = -1 if scores else k
        labels, probs = self.model.predict(lines, k=want)
        results: list[Any] = []
        for line, names, values in zip(lines, labels, probs):
            ranked = [(self._name(n), min(float(p), 1.0)) for n, p in zip(names, values)]
            if not line and self.empty_label is not None:
                ranked = [(self.empty_label, 0.0)]
            # fastText omits vanishing probabilities: list every class, the missing ones at 0.
            every = {**dict.fromkeys(self.all_labels, 0.0), **dict(ranked)} if scores else None
            top = [Label(name, score, every) for name, score in ranked[:k]]
            results.append(top if k > 1 else top[0])
        return results

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return path.is_file() and path.suffix in {".bin", ".ftz"}
