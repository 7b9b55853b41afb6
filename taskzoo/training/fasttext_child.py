"""Run one fastText training (and its quantisation) in a fresh interpreter.

``fasttext_method.fit`` starts this file as a script: ``python fasttext_child.py SPEC.json``.
SPEC names the training file, the model file to write and fastText's options; the outcome is
written back into ``SPEC.json.result`` as ``{"status": "ok" | "nan" | "error", "message": ...}``.

Why a child process: fastText's native training read different numbers in a long-lived process
that had run many other native libraries (a full test session diverged with "Encountered NaN"
at every learning rate on data that trains cleanly in a fresh interpreter, every time). A fresh
interpreter makes every training start from the same state, keeps a native crash out of the
caller, and lets the caller's other threads run (``quantize`` holds the GIL for its whole
retraining). The script imports only fasttext and the standard library, so it runs however the
caller found taskzoo.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def train(spec: dict) -> dict[str, str]:
    """Train, optionally quantise, and save; return the outcome (never raises)."""
    import fasttext

    try:
        model = fasttext.train_supervised(input=spec["train_file"], **spec["options"])
        if spec["quantize"]:
            model.quantize(input=spec["train_file"], qnorm=True, retrain=True,
                           cutoff=spec["cutoff"], thread=1, verbose=0)
        model.save_model(spec["model_file"])
    except RuntimeError as exc:
        return {"status": "nan" if "NaN" in str(exc) else "error", "message": str(exc)}
    except Exception as exc:  # reported to the caller, who raises a typed error
        return {"status": "error", "message": f"{type(exc).__name__}: {exc}"}
    return {"status": "ok", "message": ""}


def main(argv: list[str]) -> int:
    spec_file = Path(argv[1])
    outcome = train(json.loads(spec_file.read_text(encoding="utf-8")))
    Path(f"{spec_file}.result").write_text(json.dumps(outcome), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
