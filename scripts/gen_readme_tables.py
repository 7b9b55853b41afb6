#!/usr/bin/env python
"""Render the number tables of README.md from the files that hold the measurements
(``--check``: exit 1 when README.md differs from what the sources give).

Each table sits between two markers, ``<!-- generated: NAME (scripts/gen_readme_tables.py) -->``
and ``<!-- end generated: NAME -->``; everything else in README.md is left alone. Sources:

* ``classifiers`` (sentiment and spam models): ``tasks/sentiment/results/evaluate_members.json``
  and ``evaluate_cascade.json`` (``tasks/sentiment/evaluate.py --json``), and
  ``tasks/spam/results/evaluate_models.json`` (``tasks/spam/evaluate.py --json``): accuracy and
  F1 per data set, texts/s at batch 64, the cascade's deferral; ``benchmarks/results/
  text_runtime.json`` for the default sentiment model's texts/s on ONNX Runtime (its row in
  evaluate_members.json was timed on the torch path); the sizes of the files in taskzoo/assets;
* ``llm`` (small models vs SmolLM2): ``docs/evaluation/<task>.json`` (``taskzoo eval TASK --out
  docs/evaluation``), formatted as docs/evaluation/README.md formats them.

Run after re-measuring:  python scripts/gen_readme_tables.py
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
ASSETS = ROOT / "taskzoo" / "assets"
sys.path.insert(0, str(ROOT))


# -- reading the sources ------------------------------------------------------------------------
@cache
def read_json(relative: str) -> Any:
    """The parsed JSON file at ``relative`` (a path from the repository root; cached)."""
    return json.loads((ROOT / relative).read_text(encoding="utf-8"))


def measured(results: str, model: str, field: str = "model") -> dict[str, Any]:
    """The first row whose ``field`` is ``model`` in a results file written by a
    ``tasks/<task>/evaluate.py --json`` (``results``: its path, or several joined by ``+``,
    searched in order); ``StopIteration`` when none has it."""
    rows = [row for path in results.split("+") for row in read_json(path)]
    return next(r for r in rows if r.get(field) == model)


def sentiment(model: str) -> dict[str, Any]:
    """The row of ``model`` in tasks/sentiment/results/evaluate_{cross,cross_3way,3way,broad,
    members,cascade}.json (the first file that has it: each later retraining's file comes first,
    its rows replacing the earlier rows of the same names)."""
    return measured("tasks/sentiment/results/evaluate_cross.json"
                    "+tasks/sentiment/results/evaluate_cross_3way.json"
                    "+tasks/sentiment/results/evaluate_3way.json"
                    "+tasks/sentiment/results/evaluate_broad.json"
                    "+tasks/sentiment/results/evaluate_members.json"
                    "+tasks/sentiment/results/evaluate_cascade.json", model)


def spam(model: str) -> dict[str, Any]:
    """The row of ``model`` in tasks/spam/results/evaluate_models.json."""
    return measured("tasks/spam/results/evaluate_models.json", model)


def evaluation(task: str, model: str) -> dict[str, Any]:
    """The report of ``model`` in docs/evaluation/<task>.json."""
    models = read_json(f"docs/evaluation/{task}.json")["models"]
    return next(m for m in models if m["name"] == model)


def texts_per_s(label: str, batch: str = "batch 32") -> float:
    """A rate from benchmarks/results/text_runtime.json."""
    rate: float = read_json("benchmarks/results/text_runtime.json")["texts_per_s"][label][batch]
    return rate


def size_bytes(folder: str, pattern: str = "*") -> int:
    """Bytes of the files matching ``pattern`` in an asset folder."""
    return sum(p.stat().st_size for p in (ASSETS / folder).rglob(pattern) if p.is_file())


# -- formatting ---------------------------------------------------------------------------------
def f3(value: float) -> str:
    """A score with three decimals."""
    return f"{value:.3f}"


def rate(value: float) -> str:
    """A speed rounded to two significant digits: ``~25,000``, ``~150``."""
    digits = max(len(str(int(value))) - 2, 0)
    return f"~{round(value, -digits):,.0f}"


def megabytes(n: int) -> str:
    """``23 MB``, ``1.9 MB``, or ``3 KB`` for small files."""
    if n < 1_000_000:
        return f"{max(round(n / 1000), 1)} KB"
    mb = n / 1_000_000
    return f"{mb:.1f} MB" if mb < 10 else f"{mb:.0f} MB"


def percent_range(low: float, high: float) -> str:
    """Two shares as a range of whole percentages: ``10–22 %``."""
    return f"{100 * low:.0f}–{100 * high:.0f} %"


def table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join([*lines, *("| " + " | ".join(row) + " |" for row in rows)])


# -- the tables ---------------------------------------------------------------------------------
def classifiers() -> str:
    """The sentiment and spam models: quality on their test data, size, speed."""
    default, lora = sentiment("minilm-lora-broad"), sentiment("minilm-lora-rt")
    fast, static = sentiment("fasttext-rt"), sentiment("minilm-static-rt")
    broad, three, cascade = sentiment("fasttext-broad"), sentiment("fasttext-3way"), \
        sentiment("cascade-broad")
    deferral = sorted(cascade[part]["deferral"] for part in ("rt", "tweets", "check", "ood"))
    spam_fast, spam_head = spam("fasttext"), spam("minilm-head")
    rows = [
        [f"sentiment `minilm-lora-broad` (default: LoRA on films, tweets and cross-domain "
         f"texts, merged into MiniLM, int8 ONNX, "
         f"{megabytes(size_bytes('sentiment-minilm-lora-broad', '*.onnx'))})",
         f"{f3(default['rt']['accuracy'])} accuracy on Rotten Tomatoes; "
         f"{f3(default['tweets']['accuracy'])} on tweets; {f3(default['check']['accuracy'])} on "
         f"{default['check']['n']} hand-written cross-domain texts; "
         f"{f3(default['ood']['accuracy'])} on reviews from other domains",
         f"{rate(texts_per_s('sentiment: taskzoo'))} texts/s"],
        [f"sentiment `minilm-lora-rt` (the earlier default, films only, "
         f"{megabytes(size_bytes('sentiment-minilm-lora', '*.onnx'))})",
         f"{f3(lora['rt']['accuracy'])} on Rotten Tomatoes (the same as on torch); "
         f"{f3(lora['tweets']['accuracy'])} on tweets; {f3(lora['check']['accuracy'])} "
         f"cross-domain; {f3(lora['ood']['accuracy'])} other domains",
         f"{rate(texts_per_s('sentiment: taskzoo'))} texts/s (the same graph shape)"],
        [f"sentiment `fasttext-rt` ({megabytes(size_bytes('sentiment-fasttext', '*.ftz'))})",
         f3(fast["rt"]["accuracy"]), f"{rate(fast['texts_per_s_batch64'])} texts/s"],
        [f"sentiment `minilm-static-rt` "
         f"({megabytes(size_bytes('sentiment-minilm-static', '*.safetensors'))} head on static "
         "MiniLM token vectors)",
         f"{f3(static['rt']['accuracy'])}; {f3(static['ood']['accuracy'])} on other domains "
         f"(fastText: {f3(fast['ood']['accuracy'])})",
         f"{rate(static['texts_per_s_batch64'])} texts/s"],
        ["sentiment `cascade-broad` (stored cascade: `fasttext-broad` → `minilm-lora-broad`, "
         "VADER advisor)",
         f"{f3(cascade['rt']['accuracy'])} on RT; {f3(cascade['tweets']['accuracy'])} on tweets; "
         f"{f3(cascade['check']['accuracy'])} cross-domain",
         f"LoRA on {percent_range(deferral[0], deferral[-1])} of the items"],
        ["sentiment `fasttext-broad` / `fasttext-3way` (RT + human-graded tweets + "
         "cross-domain texts)",
         f"{f3(broad['tweets']['accuracy'])} on tweets, {f3(broad['check']['accuracy'])} "
         f"cross-domain (`fasttext-rt`: {f3(fast['tweets']['accuracy'])} / "
         f"{f3(fast['check']['accuracy'])}); 3-way macro-F1 {f3(three['tweets3']['macro_f1'])} "
         "on tweets",
         f"{rate(min(broad['texts_per_s_batch64'], three['texts_per_s_batch64']))} texts/s"],
        [f"spam `fasttext` (default, {megabytes(size_bytes('spam-fasttext', '*.ftz'))})",
         f"F1(spam) {f3(spam_fast['email']['f1_spam'])} on SpamAssassin email; accuracy "
         f"{f3(spam_fast['sms']['accuracy'])} on SMS, {f3(spam_fast['check']['accuracy'])} on "
         f"{spam_fast['check']['n']} hand-written 2026 messages",
         f"{rate(spam_fast['texts_per_s_batch64'])} texts/s"],
        [f"spam `minilm-head` ({megabytes(size_bytes('spam-minilm-head', '*.safetensors'))} "
         "head)",
         f"F1 {f3(spam_head['email']['f1_spam'])} on email; {f3(spam_head['sms']['accuracy'])} "
         f"on SMS; {f3(spam_head['check']['accuracy'])} on the {spam_head['check']['n']}",
         f"{rate(spam_head['texts_per_s_batch64'])} texts/s"],
    ]
    return table(["model", "quality (test split)", "speed"], rows)


#: (task, small model) rows of the LLM table, in order; the LLM is SmolLM2 of the same run.
LLM_ROWS = [("langid", "lid176"), ("ner", "spacy-en-core-web-sm"),
            ("sentiment", "minilm-lora-rt"), ("sentiment", "fasttext-rt"),
            ("spam", "fasttext"), ("spam", "minilm-head")]
LLM = "smollm2-135m"
METRIC_NAMES = {"macro_f1": "macro-F1", "f1": "entity F1"}


def llm() -> str:
    """Small models against SmolLM2-135M on each task's held-out split (docs/evaluation)."""
    from taskzoo.evaluation.report import _n

    def cells(task: str, model: str, metric: str) -> list[str]:
        m = evaluation(task, model)
        usd = m["usd_per_1k"] * 1000
        return [f3(m["quality"][metric]), _n(m["latency_p50_ms"]), f"{usd:.3g}"]

    rows, seen = [], set()
    for task, model in LLM_ROWS:
        report = read_json(f"docs/evaluation/{task}.json")
        metric = report["primary_metric"]
        small = cells(task, model, metric)
        small[0] = f"**{small[0]}**"
        big = cells(task, LLM, metric) if task not in seen else ["(same run)", "", ""]
        seen.add(task)
        rows.append([f"{task} ({report['items']})", METRIC_NAMES.get(metric, metric), model,
                     *small, *big])
    return table(["task", "metric", "small model", "quality", "p50 ms", "$/1M items",
                  "SmolLM2-135M quality", "p50 ms", "$/1M items"], rows)


TABLES: dict[str, Callable[[], str]] = {"classifiers": classifiers, "llm": llm}


# -- README.md ----------------------------------------------------------------------------------
def _span(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated: {name} \(scripts/gen_readme_tables\.py\) -->\n)"
                      rf"(.*?)(<!-- end generated: {name} -->)", re.S)


def render(text: str) -> str:
    """``text`` (README.md) with every generated table rewritten from its sources; raises
    ValueError when a table's markers are missing."""
    for name, make in TABLES.items():
        span = _span(name)
        if not span.search(text):
            raise ValueError(f"README.md lacks the markers of the {name!r} table")
        body = make()
        text = span.sub(lambda m, body=body: f"{m.group(1)}{body}\n{m.group(3)}", text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite the tables in README.md, or with ``--check`` exit 1 when they differ."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that they are current")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    text = render(current)
    if args.check:
        if text != current:
            print("README.md's tables differ from their sources: run "
                  "python scripts/gen_readme_tables.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(text, encoding="utf-8")
    print("wrote the tables of README.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
