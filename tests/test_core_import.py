"""`import taskzoo` must be cheap: no ML library, and every public name resolves lazily."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = {"torch", "transformers", "sentence_transformers", "spacy", "fasttext", "onnxruntime",
         "faster_whisper", "ctranslate2", "rapidocr", "ultralytics", "litserve", "ray", "numpy",
         "PIL", "sklearn", "pandas"}


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return {name.split(".")[0] for name in json.loads(out.strip().splitlines()[-1])}


def test_import_pulls_in_no_ml_library() -> None:
    assert not HEAVY & _modules_after("import taskzoo")


def test_listing_tasks_and_models_stays_light() -> None:
    loaded = _modules_after("import taskzoo as tz; tz.tasks(); tz.models(); tz.load('ner')")
    assert not HEAVY & loaded


def test_every_public_name_resolves() -> None:
    import taskzoo

    missing = []
    for name in taskzoo.__all__:
        try:
            getattr(taskzoo, name)
        except (AttributeError, ImportError):
            missing.append(name)
    assert not missing, f"names in taskzoo.__all__ that do not resolve: {missing}"


def test_unknown_attribute_is_an_attribute_error() -> None:
    import pytest

    import taskzoo

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = taskzoo.nope  # type: ignore[attr-defined]


INFERENCE = ("backends", "formats", "inputs", "results", "catalog", "pipeline.py", "registry.py",
             "weights.py", "oneliners.py", "sharing.py")


def test_inference_code_never_imports_training_or_evaluation() -> None:
    """The layering: training and evaluation build on inference, never the other way round
    (the model-folder formats live in taskzoo/formats, below both)."""
    import ast
    from pathlib import Path

    import taskzoo

    root = Path(taskzoo.__file__).parent
    files = [p for name in INFERENCE for p in
             ((root / name).rglob("*.py") if (root / name).is_dir() else [root / name])]
    assert len(files) > 30
    offenders = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(root)}: {n}" for n in names
                          if n.startswith(("taskzoo.training", "taskzoo.evaluation"))]
    assert offenders == []
