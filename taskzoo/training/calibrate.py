"""Probability calibration and the small metrics reported in model cards (numpy only)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from taskzoo.backends.decision import softmax

__all__ = ["classification_metrics", "expected_calibration_error", "fit_temperature", "softmax"]


#: fewest validation items a temperature is fitted on; with fewer (e.g. 4 all right) the fit
#: runs to the grid's edge and every score comes out as 1.0 or 0.0
MIN_CALIBRATION_ITEMS = 20


def fit_temperature(logits: np.ndarray, y: Sequence[int]) -> float:
    """The temperature minimising validation negative log-likelihood (temperature scaling,
    Guo et al. 2017), found by a grid search over 0.05–100 that cannot fail to converge.

    With fewer than ``MIN_CALIBRATION_ITEMS`` items it warns and returns 1.0 (uncalibrated)."""
    y = np.asarray(y)
    if len(y) < MIN_CALIBRATION_ITEMS:
        warnings.warn(
            f"only {len(y)} validation texts: too few to fit a calibration temperature (need "
            f"{MIN_CALIBRATION_ITEMS}); scores are left uncalibrated (temperature 1.0). Train "
            "on more data or pass a larger validation share.", UserWarning, stacklevel=2)
        return 1.0
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.05), np.log(100.0), 151)):
        p = softmax(logits, float(t))[np.arange(len(y)), y]
        nll = float(-np.log(np.clip(p, 1e-12, None)).mean())
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def expected_calibration_error(probs: np.ndarray, y: Sequence[int], bins: int = 10) -> float:
    """ECE of the top-class probability over equal-width confidence bins."""
    y = np.asarray(y)
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y
    ece = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        inside = (conf > lo) & (conf <= lo + 1.0 / bins)
        if inside.any():
            ece += inside.mean() * abs(correct[inside].mean() - conf[inside].mean())
    return float(ece)


def classification_metrics(
    y_true: Sequence[int], y_pred: Sequence[int], labels: Sequence[str]
) -> dict[str, float]:
    """Accuracy, macro-F1 and per-class F1 (``f1_<label>``), rounded to 4 places."""
    t, p = np.asarray(y_true), np.asarray(y_pred)
    out = {"accuracy": float((t == p).mean()) if len(t) else 0.0}
    f1s = []
    for k, name in enumerate(labels):
        tp = float(((p == k) & (t == k)).sum())
        fp = float(((p == k) & (t != k)).sum())
        fn = float(((p != k) & (t == k)).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        out[f"f1_{name}"] = f1
        f1s.append(f1)
    out["macro_f1"] = float(np.mean(f1s))
    return {k: round(v, 4) for k, v in out.items()}
