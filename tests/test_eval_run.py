"""taskzoo.evaluate end to end on a real model (fastText lid.176), the report files, the CLI,
per-item failures, custom model objects, and the benchmark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import taskzoo as tz
from taskzoo.evaluation import TaskReport

ROWS = [
    {"text": "Bonjour tout le monde, comment allez-vous ?", "label": "fr"},
    {"text": "The weather is lovely today, let's go for a walk.", "label": "en"},
    {"text": "Ich habe heute leider keine Zeit.", "label": "de"},
    {"text": "¿Dónde está la estación de tren?", "label": "es"},
    {"text": "Questo libro è molto interessante.", "label": "it"},
    {"text": "Where is the nearest pharmacy?", "label": "en"},
]


@pytest.fixture(scope="session")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("eval") / "langid.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def isolated_report(data_file: Path, tmp_path_factory: pytest.TempPathFactory) -> TaskReport:
    out = tmp_path_factory.mktemp("report")
    return tz.evaluate("langid", models=["lid176"], data=data_file, output_dir=out,
                       latency_items=5)


class Flaky:
    """A model object (not a Pipeline) that fails on texts containing a '?'."""

    name = "flaky-wrapper"

    def __init__(self) -> None:
        self.pipe = tz.load("langid", "lid176")

    def __call__(self, texts: list[str]) -> list[Any]:
        if any("?" in t for t in texts):
            raise RuntimeError("cannot handle questions")
        return self.pipe(texts)


def test_real_model_report_has_every_axis(isolated_report: TaskReport) -> None:
    [model] = isolated_report.models
    assert model.error is None and model.isolated
    assert model.items == len(ROWS) and model.failures == 0
    assert model.quality["accuracy"] == pytest.approx(1.0)  # lid.176 knows these languages
    assert 0 < model.latency_p50_ms <= model.latency_p95_ms
    assert model.throughput_items_s > 0 and model.best_batch_size in (1, 8, 32)
    assert model.size_mb == pytest.approx(0.9, abs=0.1)
    assert model.load_s is not None and model.cpu_s_per_1k is not None
    assert model.usd_per_1k == pytest.approx(model.cpu_s_per_1k / 3600 * 0.045)
    assert model.peak_rss_added_mb is not None and model.peak_rss_added_mb >= 0
    assert isolated_report.machine["cores"] >= 1


def test_report_files_are_written(isolated_report: TaskReport,
                                  tmp_path: Path) -> None:
    from taskzoo.evaluation.report import write_report, write_summary

    paths = write_report(isolated_report, tmp_path)
    assert [p.name for p in paths] == ["langid.json", "langid.md", "langid.png"]
    assert json.loads(paths[0].read_text())["models"][0]["name"] == "lid176"
    assert "| lid176 |" in paths[1].read_text()
    assert paths[2].read_bytes()[:4] == b"\x89PNG"
    summary = write_summary(tmp_path).read_text()
    assert "| langid | macro_f1 | lid176 |" in summary


def test_failing_items_are_counted_not_fatal(data_file: Path) -> None:
    report = tz.evaluate("langid", models=[Flaky(), "lid176"], data=data_file, isolate=False,
                         latency_items=2)
    flaky, plain = report.models
    assert flaky.name == "flaky-wrapper" and not flaky.isolated
    assert flaky.failures == 3 and flaky.items == 6  # the three questions
    assert "cannot handle questions" in flaky.failure_examples[0]
    assert flaky.quality["accuracy"] == pytest.approx(3 / 6)
    assert plain.failures == 0 and plain.quality["accuracy"] == pytest.approx(1.0)


def test_model_that_cannot_load_is_reported(data_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ftz"
    broken.write_bytes(b"not a fasttext model")
    report = tz.evaluate("langid", models=[str(broken), "lid176"], data=data_file,
                         isolate=False, latency_items=2)
    assert report.models[0].error and report.models[1].error is None
    assert "broken" in report.table() and "| lid176 |" in report.table()


def test_bad_data_fails_before_any_model_runs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hello"}\n')
    with pytest.raises(tz.InvalidInputError, match="no 'label' column"):
        tz.evaluate("langid", data=bad)
    with pytest.raises(tz.TaskZooError, match="no quality metric"):
        tz.evaluate("embeddings")


def test_cli_eval_prints_a_table(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from taskzoo.cli import main

    code = main(["eval", "langid", "--models", "lid176", "--data", str(data_file),
                 "--limit", "4", "--no-isolate"])
    out = capsys.readouterr().out
    assert code == 0
    assert "## langid (4 items" in out and "| lid176 | 1.000 |" in out


def test_three_way_data_needs_a_three_way_model(tmp_path: Path) -> None:
    from taskzoo.evaluation import EvaluationDataError

    rows = [{"text": "I love this little speaker, the sound is superb", "label": "positive"},
            {"text": "The bus was late again and the driver was rude", "label": "negative"},
            {"text": "The library opens at nine on Saturdays", "label": "neutral"}]
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = tz.evaluate("sentiment", models=["fasttext-3way", "fasttext-broad"], data=path,
                         isolate=False, latency_items=2)
    assert [m.name for m in report.models] == ["fasttext-3way", "fasttext-broad"]
    assert report.items == 3 and all(m.error is None for m in report.models)
    assert report.models[1].quality["accuracy"] <= 2 / 3  # a binary model never says neutral
    with pytest.raises(EvaluationDataError, match=r"unknown label\(s\) 'neutral'"):
        tz.evaluate("sentiment", models=["fasttext-broad"], data=path, isolate=False)


def test_evaluate_is_callable_whichever_import_came_first() -> None:
    import importlib

    module = importlib.import_module("taskzoo.evaluate")
    assert callable(module) and callable(tz.evaluate)


def test_bench_measures_throughput_and_overhead() -> None:
    from taskzoo.bench import bench_task

    row = bench_task("langid", n_items=16, batch_sizes=(1, 8), repeats=2)
    assert row["model"] == "lid176" and row["baseline"] == "fasttext model.predict"
    assert set(row["items_per_s"]) == {"1", "8"} and all(v > 0 for v in
                                                         row["items_per_s"].values())
    assert row["pipeline_ms"] > 0 and row["direct_ms"] > 0 and "overhead_pct" in row
