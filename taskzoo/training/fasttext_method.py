"""Method ``fasttext``: a supervised fastText classifier (word n-grams), quantised to ``.ftz``.

Trains in seconds on a CPU and serves >10,000 texts/s. Quantisation keeps only the rows of the
embedding matrix the data can use (``cutoff`` is capped by the number of distinct words and
n-grams in the training texts), so its cost scales with the data instead of being a fixed ~30 s
k-means over 50,000 rows. Texts are lower-cased and punctuation is split off
(``tokenize="words"``), the same way :class:`taskzoo.backends.fasttext.FastTextClassifier`
prepares them at prediction time.
"""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from taskzoo.backends.fasttext import PREFIX, fasttext_line
from taskzoo.errors import TrainingError

MODEL_FILE = "model.ftz"
DEFAULTS: dict[str, Any] = {
    "epoch": 25, "lr": 0.5, "wordNgrams": 2, "dim": 50, "minCount": 1, "bucket": 200_000,
    "loss": "softmax", "quantize": True, "cutoff": 50_000,
}


#: fewest embedding rows kept when quantising (product quantisation needs >= 256 rows)
MIN_CUTOFF = 1024

#: learning-rate cuts tried when fastText diverges (its loss turns NaN on small or one-sided data)
LR_RETRIES = 3


def fit(texts: Sequence[str], labels: Sequence[str], out: Path, options: dict[str, Any],
        progress: bool = True) -> dict[str, Any]:
    """Train on ``texts``/``labels`` and write ``out/model.ftz``; return the inference options.

    When fastText diverges ("Encountered NaN", which small or nearly one-class data can cause at
    the default learning rate), training is retried with the learning rate halved, up to
    ``LR_RETRIES`` times, with a warning; ``options["lr"]`` is then set to the rate that
    worked, so the model card records the rate the model was really trained with.

    Raises:
        TrainingError: fastText still diverged at the smallest learning rate tried.
    """
    import fasttext

    opts = {**DEFAULTS, **options}
    if "epochs" in opts:  # the name the other methods use
        opts["epoch"] = opts.pop("epochs")
    quantize, cutoff = opts.pop("quantize"), int(opts.pop("cutoff"))
    opts.pop("seed", None)  # fastText is deterministic with one thread
    first_lr = float(opts.pop("lr"))
    with tempfile.TemporaryDirectory() as tmp:
        train_file = Path(tmp) / "train.txt"
        lines = [fasttext_line(text, "words") for text in texts]
        with open(train_file, "w", encoding="utf-8") as handle:
            for line, label in zip(lines, labels, strict=False):
                handle.write(f"{PREFIX}{label.replace(' ', '_')} {line}\n")
        cutoff = min(cutoff, max(MIN_CUTOFF, feature_count(lines, opts)))
        for attempt in range(LR_RETRIES + 1):
            lr = first_lr / 2**attempt
            try:
                model = fasttext.train_supervised(input=str(train_file), thread=1, lr=lr,
                                                  verbose=2 if progress else 0, **opts)
                if quantize:
                    model.quantize(input=str(train_file), qnorm=True, retrain=True,
                                   cutoff=cutoff, thread=1, verbose=0)
                if attempt:
                    options["lr"] = lr
                break
            except RuntimeError as exc:
                if "NaN" not in str(exc):
                    raise
                if attempt == LR_RETRIES:
                    raise TrainingError(
                        f"fastText diverged (NaN loss) at every learning rate from {first_lr} "
                        f"down to {lr}: the data may be tiny or nearly one class "
                        f"({len(texts)} texts, {len(set(labels))} labels); add examples of "
                        "every label or pass a smaller lr=") from exc
                warnings.warn(f"fastText diverged (NaN loss) at lr={lr}; retrying at lr={lr / 2}",
                              stacklevel=2)
        model.save_model(str(out / MODEL_FILE))
    label_map = {label.replace(" ", "_"): label for label in set(labels) if " " in label}
    return {"tokenize": "words", **({"label_map": label_map} if label_map else {})}


def feature_count(lines: Sequence[str], opts: dict[str, Any]) -> int:
    """How many embedding rows training can touch: distinct words, word n-grams up to
    ``wordNgrams`` and (when ``maxn`` > 0) character n-grams of ``minn``..``maxn`` characters.
    Rows beyond these hold only their random initialisation, so quantising keeps nothing more."""
    n_words, minn, maxn = int(opts.get("wordNgrams", 1)), int(opts.get("minn", 0)), \
        int(opts.get("maxn", 0))
    features: set[str] = set()
    for line in lines:
        tokens = line.split()
        for n in range(1, n_words + 1):
            features.update(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        if maxn > 0:
            for token in set(tokens):
                word = f"<{token}>"
                features.update("\t" + word[i:i + n] for n in range(max(minn, 1), maxn + 1)
                                for i in range(len(word) - n + 1))
    return len(features)
