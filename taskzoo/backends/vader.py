"""VADER (Hutto & Gilbert, 2014): rule-based English sentiment from a human-rated lexicon.

No training and no weights beyond its 7,500-entry lexicon (shipped in the ``vaderSentiment``
PyPI package); it handles negation ("not good"), intensifiers ("very"), contrast ("but"),
capitals, exclamation marks and emoji. Its compound score ``c`` in [-1, 1] becomes
``P(positive) = (c + 1) / 2`` — a rule score mapped to [0, 1], not a calibrated probability.
It is far less accurate than the trained models on film reviews, but it knows words they never
saw, which makes it a useful cheap advisor for a cascade's deferral
(``taskzoo.cascade(..., advisors=["vader"])``) and a zero-training baseline.
"""

from __future__ import annotations

from typing import Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.backends.decision import decide

LABELS = ("negative", "positive")


class VaderSentiment(Backend):
    """Score texts with VADER's lexicon and rules. Call option: ``scores`` (both classes)."""

    call_options: ClassVar[frozenset[str]] = frozenset({"scores"})

    def load(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        lexicon = self.weights_path()  # checked against the card's sha256
        self.analyzer = SentimentIntensityAnalyzer(lexicon_file=str(lexicon))
        self.empty_label: str | None = self.options.get("empty_label")

    def predict_batch(self, items: list[str], scores: bool = False, **_: Any) -> list[Any]:
        results = []
        for text in items:
            if not text.strip():
                results.append(decide(LABELS, None, scores=scores, empty_label=self.empty_label))
                continue
            positive = (self.analyzer.polarity_scores(text)["compound"] + 1.0) / 2.0
            results.append(decide(LABELS, (1.0 - positive, positive), scores=scores))
        return results
