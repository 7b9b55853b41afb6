"""fastText supervised classifiers (language id with lid.176, fast sentiment and spam heads).

Options (from the card): ``label_map`` renames fastText's ``__label__x`` labels; ``empty_label``
is returned with score 0.0 for blank text instead of guessing. Classifiers trained by
:func:`taskzoo.train` also set ``tokenize`` ("words": lower-case, punctuation split off, as in
training), ``temperature`` (probability calibration) and, for binary models, ``positive_label``
with an operating ``threshold`` (and optionally ``short_text``, a second one for short texts;
overridable per call); see :mod:`taskzoo.backends.decision`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.backends.decision import decide, operating_threshold
from taskzoo.results import Label

if TYPE_CHECKING:
    import numpy as np

PREFIX = "__label__"
_WORDS = re.compile(r"\w+|[^\w\s]")


def fasttext_line(text: str, tokenize: str | None = None) -> str:
    """The one-line form fastText reads; ``tokenize="words"`` also lower-cases and splits off
    punctuation (the form :func:`taskzoo.train` trains on)."""
    if tokenize == "words":
        return " ".join(_WORDS.findall(text.lower()))
    return " ".join(text.split())


def _sidecar_options(path: Path) -> dict[str, Any]:
    """Inference options from the ``card.json`` of a taskzoo.train directory holding ``path``."""
    from taskzoo.formats.classifier_dir import is_model_dir, read_card

    return dict(read_card(path.parent).get("options", {})) if is_model_dir(path.parent) else {}


class FastTextClassifier(Backend):
    """Classify texts with a fastText ``.bin``/``.ftz`` model.

    Call options: ``k`` (top-k labels, returned as a list when k > 1) and ``scores`` (attach
    every class's probability to the label).
    """

    call_options: ClassVar[frozenset[str]] = frozenset({"k", "scores", "threshold"})

    def load(self) -> None:
        import fasttext

        path = self.weights_path()
        self.model = fasttext.load_model(str(path))
        self.options = {**_sidecar_options(path), **self.options}
        self.label_map: dict[str, str] = dict(self.options.get("label_map", {}))
        self.empty_label: str | None = self.options.get("empty_label")
        self.tokenize: str | None = self.options.get("tokenize")
        self.temperature = float(self.options.get("temperature", 1.0))
        self.threshold: float | None = self.options.get("threshold")
        self.positive_label: str | None = self.options.get("positive_label")
        self.short_text: dict[str, Any] | None = self.options.get("short_text")
        self.labels = [self._name(raw) for raw in self.model.get_labels()]
        self.all_labels = list(self.labels)
        self.output = self._output_matrix()

    def _output_matrix(self) -> np.ndarray | None:
        """The output layer of a softmax-loss model (kept dense even in a quantised .ftz), from
        which exact logits follow; None for other losses (e.g. lid.176's hierarchical softmax)."""
        import numpy as np

        args = self.model.f.getArgs()
        if args.loss.name != "softmax" or args.qout:
            return None
        return np.array(self.model.f.getOutputMatrix(), dtype=np.float64)

    def logits(self, lines: list[str]) -> np.ndarray:
        """Uncalibrated class scores, one row per line, columns in ``self.labels`` order.

        Softmax-loss models give exact logits (output layer × sentence vector): fastText's own
        probabilities round to 1.0 within a few words, which would tie most confident texts.
        Other models give log-probabilities."""
        import numpy as np

        if self.output is None:
            return np.log(np.clip(self._raw_proba(lines), 1e-12, None))
        hidden = np.zeros((len(lines), self.output.shape[1]))
        for i, line in enumerate(lines):
            hidden[i] = self.model.get_sentence_vector(line)
        rows = [self.all_labels.index(name) for name in self.labels]  # the model's label order
        return hidden @ self.output[rows].T

    def predict_proba(self, lines: list[str]) -> np.ndarray:
        """Calibrated probabilities (softmax of ``logits / temperature``), one row per line."""
        from taskzoo.backends.decision import softmax

        return softmax(self.logits(lines), self.temperature)

    def _raw_proba(self, lines: list[str]) -> np.ndarray:
        """fastText's own probabilities, columns in ``self.labels`` order."""
        import numpy as np

        names, values = self.model.predict(lines, k=-1)
        out = np.zeros((len(lines), len(self.labels)))
        column = {name: j for j, name in enumerate(self.labels)}
        for row, (raw_names, probs) in enumerate(zip(names, values, strict=False)):
            for raw, p in zip(raw_names, probs, strict=False):
                out[row, column[self._name(raw)]] = min(float(p), 1.0)
        return out

    def _name(self, raw: str) -> str:
        name = raw[len(PREFIX):] if raw.startswith(PREFIX) else raw
        return self.label_map.get(name, name)

    def predict_batch(
        self, items: list[str], k: int = 1, scores: bool = False,
        threshold: float | None = None, **_: Any,
    ) -> list[Any]:
        if not isinstance(k, int) or k < 1:
            from taskzoo.errors import InvalidInputError

            raise InvalidInputError(f"k must be a positive int, got {k!r}")
        lines = [fasttext_line(text, self.tokenize) for text in items]  # one line per text
        if k == 1 and (self.tokenize or threshold is not None or self.positive_label):
            probs = self.predict_proba(lines)
            return [
                decide(self.labels, row if line else None, scores=scores,
                       threshold=operating_threshold(text, threshold, self.threshold,
                                                     self.short_text),
                       positive_label=self.positive_label, empty_label=self.empty_label)
                for text, line, row in zip(items, lines, probs, strict=False)
            ]
        want = -1 if scores else k
        labels, probs = self.model.predict(lines, k=want)
        results: list[Any] = []
        for line, names, values in zip(lines, labels, probs, strict=False):
            ranked = [(self._name(n), min(float(p), 1.0))
                      for n, p in zip(names, values, strict=False)]
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
