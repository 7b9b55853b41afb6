"""Measured numbers in README.md and docs/*.md are filled from the files that hold them
(scripts/gen_docs.py, scripts/docgen): a page that disagrees with its sources fails here, a
hand-edited number is rewritten from its source, and a measured-looking number typed outside
any marker fails unless the allow-list names it."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from serve_support import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

from docgen import formats, lint, markers, pages, registry
from docgen.sources import SourceError


def load_cli():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


PAGES = {p.name: p for p in pages.pages()}
TEXTS = {name: p.read_text(encoding="utf-8") for name, p in PAGES.items()}
WRITTEN_BY_HAND = [name for name in PAGES if PAGES[name] != pages.MODELS]


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_matches_its_sources(name: str) -> None:
    assert markers.problems(TEXTS[name]) == []
    assert pages.render(PAGES[name], TEXTS[name]) == TEXTS[name], (
        f"{name} differs from its sources: run python scripts/gen_docs.py")


def test_the_task_pages_and_the_readme_use_markers() -> None:
    counts = {name: len(list(markers.markers(TEXTS[name]))) for name in PAGES}
    for name in ("README.md", "sentiment.md", "spam.md", "ner.md", "langid.md", "ocr.md",
                 "detection.md", "asr.md", "embeddings.md", "benchmarks.md", "distillation.md",
                 "evaluation.md", "training.md", "server.md"):
        assert counts[name] > 0, name


@pytest.mark.parametrize("page,fragment,edited", [
    ("README.md", "<!--m:cascade.advised.tol.accuracy-->0.838<!--/m-->", "0.901"),
    ("sentiment.md", "<!--m:sentiment.minilm-lora-broad.check-->0.946<!--/m-->", "0.95"),
    ("ocr.md", "<!--m:ocr.ppocrv6-small.worst.cer-->0.07<!--/m-->", "0.01"),
    ("asr.md", "<!--m:asr.hint.hotwords.ter-->23.9<!--/m-->", "12"),
])
def test_a_hand_edited_number_is_rewritten_from_its_source(page: str, fragment: str,
                                                           edited: str) -> None:
    text = TEXTS[page]
    assert fragment in text
    opening = fragment.split("-->", 1)[0]
    changed = text.replace(fragment, f"{opening}-->{edited}<!--/m-->", 1)
    assert changed != text
    assert pages.render(PAGES[page], changed) == text


def test_gen_docs_check_passes() -> None:
    assert load_cli().main(["--check"]) == 0


def test_check_exits_1_on_drift_and_names_the_marker(tmp_path, monkeypatch, capsys) -> None:
    page = tmp_path / "page.md"
    page.write_text("LoRA alone <!--m:cascade.plain.large-->0.5<!--/m--> here.\n")
    cli = load_cli()
    monkeypatch.setattr(pages, "pages", lambda: [page])
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    assert cli.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "page.md:1: cascade.plain.large is '0.5', its source gives '0.837'" in err
    assert cli.main([]) == 0
    assert page.read_text() == "LoRA alone <!--m:cascade.plain.large-->0.837<!--/m--> here.\n"
    assert cli.main(["--check"]) == 0


def test_a_format_can_be_chosen_per_marker() -> None:
    text = ("<!--m:sentiment.minilm-lora-rt.rt|f4-->0<!--/m--> and "
            "<!--m:sentiment.minilm-lora-rt.rt-->0<!--/m-->")
    assert markers.render(text) == ("<!--m:sentiment.minilm-lora-rt.rt|f4-->0.8369<!--/m--> and "
                                    "<!--m:sentiment.minilm-lora-rt.rt-->0.837<!--/m-->")


@pytest.mark.parametrize("text,problem", [
    ("see <!--m:no.such.key-->1<!--/m-->", "no key pattern in scripts/docgen matches 'no.such"),
    ("see <!--m:sentiment.minilm-lora-rt.rt|f9-->1<!--/m-->", "no format 'f9'"),
    ("see <!--m:sentiment.no-such-model.rt-->1<!--/m-->", "sentiment.no-such-model.rt: "),
    ("see <!--m:sentiment.minilm-lora-rt.rt-->1\nmore<!--/m-->", "not closed on its line"),
    ("text\n<!--m:sentiment.minilm-lora-rt.rt-->1<!--/m--> starts a line", "begins the line"),
    ("```\n<!--m:sentiment.minilm-lora-rt.rt-->1<!--/m-->\n```\n", "inside a code block"),
])
def test_bad_markers_are_reported(text: str, problem: str) -> None:
    found = markers.problems(text)
    assert len(found) == 1 and problem in found[0], found


def test_a_missing_value_names_the_key_and_its_source() -> None:
    with pytest.raises(SourceError, match=r"cascade\.nothing\.small: .*tasks/distill/results"):
        registry.value("cascade.nothing.small")


@pytest.mark.parametrize("name", WRITTEN_BY_HAND)
def test_no_measured_number_is_typed_outside_a_marker(name: str) -> None:
    typed = [f"line {t.line}: {t.number!r} in {t.context!r}" for t in
             lint.untagged(TEXTS[name], name)]
    assert typed == [], ("measured-looking numbers typed by hand: put them in a marker "
                         "(scripts/docgen), or, if they are not measurements, in lint.ALLOWED")


def test_the_allow_list_is_current() -> None:
    assert lint.stale_allowances(TEXTS) == []


@pytest.mark.parametrize("text", [
    "the cascade reaches 0.912 accuracy", "sending 28.9 % of the items", "in 12 ms",
    "a 23 MB file", "at ~4,000 texts/s", "3.6x fewer errors", "took 392 s", "0.12 CPU-s",
    "| 0.830 | 0.850 |",
])
def test_the_lint_flags_a_new_typed_number(text: str) -> None:
    assert lint.untagged(text), text


@pytest.mark.parametrize("text", [
    "reaches <!--m:cascade.advised.tol.accuracy-->0.838<!--/m--> accuracy",
    "`tz.cascade(fast, best, threshold=0.736)`", "```python\n>>> 0.97\n```\n",
    "Options: `dropout` (0.2), `threshold` (0.5 s)", "at conf 0.35 and IoU 0.5",
    "Python 3.10+, PaddleOCR 3.7 on paddlepaddle 3.3.1", "2000s film criticism",
    "CC-BY-SA-3.0", "<!-- doc-setup\nx = 0.5\n-->",
    "<!-- generated: llm (scripts/gen_readme_tables.py) -->\n| 0.987 |\n"
    "<!-- end generated: llm -->",
])
def test_the_lint_leaves_code_markers_settings_and_versions_alone(text: str) -> None:
    assert lint.untagged(text) == []


def test_formats() -> None:
    f = formats.FORMATS
    assert f["f3"](0.83686) == "0.837"
    assert f["f0"](1110) == "1,110"
    assert f["pct1"](0.2894) == "28.9"
    assert f["pct0"]((0.2333, 0.4298)) == "23–43"
    assert f["rate"](25320.9) == "~25,000"
    assert f["rate"]((50000, 60000)) == "~50,000–60,000"
    assert f["sig3"](826.4) == "826" and f["sig3"](0.04154) == "0.0415"
    assert f["spct1"](-0.0017) == "−0.2" and f["spct1"](0.0746) == "+7.5"
    assert f["int"](1275) == "1,275"
    assert formats.megabytes(23_012_787) == "23 MB"


def test_every_key_names_its_source() -> None:
    for number in registry.numbers():
        assert number.source and number.fmt, number.pattern
