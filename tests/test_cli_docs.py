"""The generated model table in docs/ must match the registry."""

from __future__ import annotations

import importlib.util

from serve_support import ROOT

from taskzoo.registry import REGISTRY


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_models_doc",
                                                  ROOT / "scripts" / "gen_models_doc.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_models_md_is_current() -> None:
    gen = load_generator()
    current = (ROOT / "docs" / "models.md").read_text(encoding="utf-8")
    assert current == gen.render(), "docs/models.md is stale: run python scripts/gen_models_doc.py"


def test_models_md_names_every_model() -> None:
    text = load_generator().render()
    for name in REGISTRY.task_names():
        assert f"## {name}" in text
        for card in REGISTRY.task(name).models:
            assert card.name in text and (card.license or "–").split()[0] in text
