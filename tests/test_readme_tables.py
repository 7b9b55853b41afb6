"""The README's number tables are rendered from the measurement files
(scripts/gen_readme_tables.py), so a typed number that disagrees with them fails here."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from serve_support import ROOT


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_readme_tables",
                                                  ROOT / "scripts" / "gen_readme_tables.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["gen_readme_tables"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


GEN = load_generator()
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_tables_match_their_sources() -> None:
    assert GEN.render(README) == README, ("README.md's tables differ from their sources: run "
                                          "python scripts/gen_readme_tables.py")


@pytest.mark.parametrize("fragment", [
    "0.835 accuracy on Rotten Tomatoes",  # tasks/sentiment/results/evaluate_cross.json
    "F1(spam) 0.969 on SpamAssassin",     # tasks/spam/results/evaluate_models.json
    "| lid176 | **0.987** |",             # docs/evaluation/langid.json
])
def test_a_hand_edited_number_is_rewritten_from_its_source(fragment: str) -> None:
    assert fragment in README
    edited = README.replace(fragment, fragment.replace("0.9", "0.1").replace("0.8", "0.2"), 1)
    assert edited != README
    assert GEN.render(edited) == README


def test_each_table_needs_its_markers() -> None:
    broken = README.replace("<!-- end generated: llm -->", "")
    with pytest.raises(ValueError, match="'llm'"):
        GEN.render(broken)


def test_formats() -> None:
    assert GEN.rate(25320.9) == "~25,000"
    assert GEN.rate(153.1) == "~150"
    assert GEN.rate(8.5) == "~8"
    assert GEN.megabytes(23_012_787) == "23 MB"
    assert GEN.megabytes(1_880_000) == "1.9 MB"
    assert GEN.megabytes(3_100) == "3 KB"
    assert GEN.percent_range(0.099, 0.2227) == "10–22 %"
