"""Method ``fasttext``: a supervised fastText classifier (word n-grams), quantised to ``.ftz``.

Trains in seconds on a CPU and serves >10,000 texts/s. Quantisation keeps only the rows of the
embedding matrix the data can use (``cutoff`` is capped by the number of distinct words and
n-grams in the training texts), so its cost scales with the data instead of being a fixed ~30 s
k-means over 50,000 rows. Texts are lower-cased and punctuation is split off
(``tokenize="words"``), the same way :class:`taskzoo.backends.fasttext.FastTextClassifier`
prepares them at prediction time.
"""

from __future__ import annotations

import json
import subprocess
import sys
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

    fastText trains in a fresh interpreter (:mod:`taskzoo.training.fasttext_child`), so every
    training starts from the same native state whatever ran before it in this process.

    When fastText diverges ("Encountered NaN", which small or nearly one-class data can cause at
    the default learning rate), training is retried with the learning rate halved, up to
    ``LR_RETRIES`` times, with a warning; ``options["lr"]`` is then set to the rate that
    worked, so the model card records the rate the model was really trained with.

    Raises:
        TrainingError: fastText still diverged at the smallest learning rate tried, or failed.
    """
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
            outcome = _train_in_child(Path(tmp), {
                "train_file": str(train_file), "model_file": str(out / MODEL_FILE),
                "quantize": bool(quantize), "cutoff": cutoff,
                "options": {**opts, "thread": 1, "lr": lr, "verbose": 2 if progress else 0},
            }, progress)
            if outcome["status"] == "ok":
                if attempt:
                    options["lr"] = lr
                break
            if outcome["status"] != "nan":
                raise TrainingError(f"fastText failed: {outcome['message']}")
            if attempt == LR_RETRIES:
                raise TrainingError(
                    f"fastText diverged (NaN loss) at every learning rate from {first_lr} "
                    f"down to {lr}: the data may be tiny or nearly one class "
                    f"({len(texts)} texts, {len(set(labels))} labels); add examples of "
                    "every label or pass a smaller lr=")
            warnings.warn(f"fastText diverged (NaN loss) at lr={lr}; retrying at lr={lr / 2}",
                          stacklevel=2)
    label_map = {label.replace(" ", "_"): label for label in set(labels) if " " in label}
    return {"tokenize": "words", **({"label_map": label_map} if label_map else {})}


def _train_in_child(workdir: Path, spec: dict[str, Any], progress: bool) -> dict[str, str]:
    """Run one training in a fresh interpreter; its outcome as ``{"status", "message"}``."""
    from taskzoo.training import fasttext_child

    spec_file = workdir / "spec.json"
    result_file = Path(f"{spec_file}.result")
    result_file.unlink(missing_ok=True)
    spec_file.write_text(json.dumps(spec, default=str), encoding="utf-8")  # Paths as str
    done = subprocess.run([sys.executable, fasttext_child.__file__, str(spec_file)],
                          stdout=subprocess.DEVNULL, check=False,
                          stderr=None if progress else subprocess.PIPE, text=True)
    if not result_file.exists():  # the interpreter died before writing (a native crash)
        detail = (done.stderr or "").strip().splitlines()[-1:] if not progress else []
        raise TrainingError(f"fastText's training process ended with exit code "
                            f"{done.returncode} before finishing"
                            + (f": {detail[0]}" if detail else ""))
    return json.loads(result_file.read_text(encoding="utf-8"))


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
