"""Methods ``head`` and ``static``: logistic regression on frozen MiniLM features.

``head`` reads sentence embeddings (the encoder is not changed, so at prediction time the
classifier shares it with the embeddings task and adds only a (labels × 384) weight matrix).
Features come from the encoder the model will be served with (the ONNX MiniLM for the
registered base), so training needs no torch and the head sees exactly what inference computes.
``static`` reads the mean of static token vectors distilled from the same encoder
(:mod:`taskzoo.backends.static_vectors`): thousands of texts per second, no transformer pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from taskzoo.formats.classifier_dir import HEAD_FILE

DEFAULTS: dict[str, Any] = {"max_length": 256, "C": None, "batch_size": 32}
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)


def fit(texts: Sequence[str], y: Sequence[int], val_texts: Sequence[str], val_y: Sequence[int],
        n_labels: int, base_model: dict[str, str], out: Path, options: dict[str, Any],
        progress: bool = True, static: bool = False) -> dict[str, Any]:
    """Embed (``static``: mean static token vectors), fit the head (C picked on validation unless
    given), write ``head.safetensors``."""
    from safetensors.numpy import save_file
    from sklearn.linear_model import LogisticRegression

    from taskzoo.backends.minilm_head import features_for
    from taskzoo.backends.static_vectors import encode_static, token_vectors

    opts = {**DEFAULTS, **options}
    encoder = features_for(out, {"method": "static" if static else "head",
                                 "base_model": base_model})
    if static:
        table = token_vectors(encoder)
        embed = lambda items, _what: encode_static(  # noqa: E731
            encoder, table, list(items), max_length=opts["max_length"], normalize=True)
    else:
        def embed(items: Sequence[str], what: str) -> np.ndarray:
            from tqdm.auto import tqdm

            items, step = list(items), 1024
            parts = [encoder.encode(items[i:i + step], max_length=opts["max_length"],
                                    normalize=True, batch_size=opts["batch_size"])
                     for i in tqdm(range(0, len(items), step), desc=what, unit="chunk",
                                   disable=not progress)]
            return np.concatenate(parts) if parts else np.zeros((0, encoder.hidden_size))
    x, vx = embed(texts, "embedding train"), embed(val_texts, "embedding validation")
    grid = [opts["C"]] if opts["C"] else list(C_GRID)
    best: tuple[float, Any] = (-1.0, None)
    for c in grid:
        clf = LogisticRegression(C=c, max_iter=3000).fit(x, list(y))
        acc = float((clf.predict(vx) == np.asarray(val_y)).mean()) if len(val_y) else 0.0
        if acc > best[0]:
            best = (acc, clf)
    clf = best[1]
    coef, bias = clf.coef_, clf.intercept_
    if coef.shape[0] == 1:  # binary: two symmetric rows give softmax == sigmoid
        coef, bias = np.vstack([-coef / 2, coef / 2]), np.array([-bias[0] / 2, bias[0] / 2])
    weight = np.zeros((n_labels, coef.shape[1]), dtype=np.float32)
    full_bias = np.full(n_labels, -1e4, dtype=np.float32)  # classes absent from training
    weight[clf.classes_] = coef
    full_bias[clf.classes_] = bias
    save_file({"weight": weight, "bias": full_bias}, str(out / HEAD_FILE))
    return {"max_length": opts["max_length"], "normalize": True, "C": float(clf.C)}
