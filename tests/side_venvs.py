"""Where the side venvs live (the engines that cannot share .venv: ultralytics, PaddleOCR) and
what a test does when one is missing.

``scripts/setup.d/40-detection.sh`` and ``45-paddleocr.sh`` make ``.venv-ultralytics`` and
``.venv-paddleocr`` beside ``.venv`` (through ``scripts/side-venv.sh``); tests run their python
with the checkout on ``PYTHONPATH``, so taskzoo is imported from the working tree there.
``TASKZOO_<NAME>_PYTHON`` points a test at another interpreter (``TASKZOO_PADDLEOCR_PYTHON``).

A missing side venv skips its tests with the command that makes it, except in CI (``CI`` set to
``true``/``1``), where it is a failure: CI runs ``scripts/setup.sh``, so a missing venv there is a
broken setup step, not a choice. The setup steps' own opt-outs (``TASKZOO_SKIP_ULTRALYTICS=1``,
``TASKZOO_SKIP_PADDLEOCR=1``) still skip, in CI too.

Used by the side-venv tests and by scripts/docs_snippets.py (which loads this file by path), so
the rule lives in one place. Importing it needs no pytest.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(venv: str) -> str:
    """``.venv-paddleocr`` -> ``PADDLEOCR`` (the infix of its environment variables)."""
    return venv.removeprefix(".venv-").replace("-", "_").upper()


def side_python(venv: str) -> Path:
    """The python of side venv ``venv`` (``.venv-paddleocr``): ``TASKZOO_<NAME>_PYTHON`` if set,
    else ``<checkout>/<venv>/bin/python``. It may not exist."""
    override = os.environ.get(f"TASKZOO_{_name(venv)}_PYTHON")
    return Path(override) if override else ROOT / venv / "bin" / "python"


def setup_step(venv: str) -> Path | None:
    """The ``scripts/setup.d`` step that makes ``venv`` (the one naming it), if any."""
    return next((step for step in sorted((ROOT / "scripts" / "setup.d").glob("*.sh"))
                 if venv in step.read_text(encoding="utf-8")), None)


def missing_message(venv: str) -> str:
    """What to say when ``venv`` is missing: where it was looked for and what makes it."""
    step = setup_step(venv)
    make = f"bash {step.relative_to(ROOT)}" if step else f"create {venv}"
    return f"no {venv} at {side_python(venv)}: run `{make}` (or `bash scripts/setup.sh`)"


def in_ci() -> bool:
    """True when running in CI (the ``CI`` environment variable is ``true`` or ``1``)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def opted_out(venv: str) -> bool:
    """True when its setup step was told to skip it (``TASKZOO_SKIP_<NAME>=1``)."""
    return os.environ.get(f"TASKZOO_SKIP_{_name(venv)}", "0") == "1"


def require_side_python(venv: str) -> Path:
    """The python of ``venv``; if it is missing, skip the test (fail it in CI unless opted out).
    Call it in a test or fixture (a failure at import time would stop the whole session)."""
    python = side_python(venv)
    if python.exists():
        return python
    import pytest

    message = missing_message(venv)
    if in_ci() and not opted_out(venv):
        pytest.fail(f"CI must have {venv}: {message}", pytrace=False)
    pytest.skip(message)
