"""Learned deferral: how far to trust a cascade's small model, from its confidence and advisors.

A plain cascade defers the items on which the small model's own probability is low. Cheap
*advisors* (other classifiers of the same labels that know something the small model does not,
e.g. the rule-based ``vader`` sentiment lexicon next to a fastText model) can sharpen that
choice: when an advisor strongly disagrees with a confident small model, the small model is
wrong more often than its probability says. :class:`DeferralModel` is a logistic regression
that predicts "the small model is right" from

* the log-odds of the small model's confidence, and
* for each advisor, its agreement with the small model's answer: ``2 * P_advisor(answer) - 1``
  (from the advisor's class probabilities), in [-1, 1],

fitted on labelled validation data. The cascade then defers items whose predicted trust is
below its threshold. :func:`fit_deferral` also returns cross-fitted trust for the validation
items (each fold scored by a model fitted on the other folds) so that the threshold is chosen on
honest numbers, not on the items the model was fitted to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from taskzoo.errors import InvalidInputError

#: cross-fitting folds used to score the validation items
FOLDS = 5
#: validation items needed per fitted weight (at least 20 items in all)
MIN_ITEMS = 20
_RIDGE = 1e-3
_EPS = 1e-4


def agreement(answer: str, advice: Any) -> float:
    """How strongly an advisor's result backs ``answer``: ``2 * P(answer) - 1`` in [-1, 1]. Uses
    the advisor's class probabilities when it gave them, else its label and score."""
    scores = getattr(advice, "scores", None)
    if scores:
        return 2.0 * float(scores.get(answer, 0.0)) - 1.0
    score = float(getattr(advice, "score", 0.0))
    return score if getattr(advice, "label", None) == answer else -score


def features(small: Sequence[Any], advice: Sequence[Sequence[Any]]) -> np.ndarray:
    """One row per item: the small model's confidence log-odds, then one agreement per advisor."""
    conf = np.clip([float(getattr(r, "score", 0.0)) for r in small], _EPS, 1.0 - _EPS)
    columns = [np.log(conf / (1.0 - conf))]
    for results in advice:
        columns.append(np.array([agreement(getattr(r, "label", ""), a)
                                 for r, a in zip(small, results, strict=True)]))
    return np.column_stack(columns)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def _logistic(x: np.ndarray, y: np.ndarray, iterations: int = 50) -> np.ndarray:
    """Ridge-regularised logistic regression by Newton's method; weights with the bias last."""
    design = np.column_stack([x, np.ones(len(x))])
    weights = np.zeros(design.shape[1])
    ridge = _RIDGE * np.eye(design.shape[1])
    ridge[-1, -1] = 0.0
    for _ in range(iterations):
        p = _sigmoid(design @ weights)
        gradient = design.T @ (p - y) + ridge @ weights
        hessian = (design * (p * (1 - p))[:, None]).T @ design + ridge + 1e-9 * np.eye(len(weights))
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return weights


@dataclass(frozen=True)
class DeferralModel:
    """A fitted trust model: ``trust(small, advice)`` is P(the small model is right)."""

    advisors: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]

    def trust(self, small: Sequence[Any], advice: Sequence[Sequence[Any]]) -> np.ndarray:
        """P(the small model's answer is right) for each item, given every advisor's results."""
        if len(advice) != len(self.advisors):
            raise InvalidInputError(f"expected advice from {len(self.advisors)} advisors "
                                    f"({', '.join(self.advisors)}), got {len(advice)}")
        x = (features(small, advice) - np.array(self.mean)) / np.array(self.scale)
        w = np.array(self.weights)
        return _sigmoid(x @ w[:-1] + w[-1])

    def describe(self) -> dict[str, float]:
        """The weight of each signal on standardised features (larger = more influence)."""
        names = ("small_confidence", *(f"agreement:{a}" for a in self.advisors), "bias")
        return {n: round(float(w), 4) for n, w in zip(names, self.weights, strict=True)}


def _fit(x: np.ndarray, y: np.ndarray, advisors: tuple[str, ...]) -> DeferralModel:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    weights = _logistic((x - mean) / scale, y)
    return DeferralModel(advisors, tuple(map(float, mean)), tuple(map(float, scale)),
                         tuple(map(float, weights)))


def fit_deferral(small: Sequence[Any], advice: Sequence[Sequence[Any]],
                 small_ok: Sequence[bool], advisors: Sequence[str],
                 seed: int = 0) -> tuple[DeferralModel, list[float]]:
    """Fit the trust model on labelled validation results; return it and the cross-fitted trust
    of every validation item (for choosing the cascade's threshold).

    Raises:
        InvalidInputError: fewer than 20 items (or 10 per signal), or only one kind of outcome.
    """
    n = len(small)
    x, y = features(small, advice), np.asarray(small_ok, dtype=float)
    needed = max(MIN_ITEMS, 10 * x.shape[1])
    if n < needed:
        raise InvalidInputError(f"advisors need at least {needed} labelled validation items to "
                                f"learn how far to trust them, got {n}")
    if y.min() == y.max():
        raise InvalidInputError("the small model is always right (or always wrong) on the "
                                "validation data: advisors cannot be weighed; drop advisors=")
    fold = np.random.default_rng(seed).permutation(n) % FOLDS
    names = tuple(advisors)
    trust = np.zeros(n)
    for k in range(FOLDS):
        held = fold == k
        trust[held] = _fit(x[~held], y[~held], names).trust(
            [small[i] for i in np.flatnonzero(held)],
            [[results[i] for i in np.flatnonzero(held)] for results in advice])
    return _fit(x, y, names), [float(t) for t in trust]


__all__ = ["DeferralModel", "agreement", "features", "fit_deferral"]
