"""Measure a text classifier the way the model cards report it: quality on named test sets
(with the wall and CPU seconds each set took), texts/s at batch 1 and 64, load time, size on disk
and peak RSS (used by tasks/*/evaluate.py).

Each model is measured in a fresh subprocess (``python -m taskzoo.training.report``) so its load
time and peak RSS are its own.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from taskzoo.training.calibrate import classification_metrics, expected_calibration_error


def _cpu_seconds() -> float:
    """CPU time of this process so far, every thread (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(task: str, model: str, sets: dict[str, tuple[list[str], list[str]]],
            speed_texts: Sequence[str], positive_label: str | None = None) -> dict[str, Any]:
    """Quality on every set plus speed and memory, for one model in this process."""
    import taskzoo

    start = time.perf_counter()
    pipe = taskzoo.load(task, model=model)
    backend = pipe.load()
    out: dict[str, Any] = {"model": model, "load_seconds": round(time.perf_counter() - start, 2)}
    labels = list(pipe.card.labels) or sorted({x for _, ys in sets.values() for x in ys})
    for name, (texts, gold) in sets.items():
        wall, cpu = time.perf_counter(), _cpu_seconds()
        results = pipe(list(texts), batch_size=64, scores=True)
        wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
        probs = np.array([[r.scores.get(label, 0.0) for label in labels] for r in results])
        pred = [labels.index(r.label) if r.label in labels else -1 for r in results]
        y = [labels.index(g) for g in gold]
        row = classification_metrics(y, pred, labels)
        row["ece"] = round(expected_calibration_error(probs, y), 4)
        row["n"] = len(y)
        row["seconds"], row["cpu_seconds"] = round(wall, 1), round(cpu, 1)
        deferred = [r.deferred for r in results if hasattr(r, "deferred")]
        if deferred:  # a cascade: the share of items its large model answered
            row["deferral"] = round(sum(deferred) / len(deferred), 4)
        out[name] = row
    for batch in (1, 64):
        texts = list(speed_texts[: 64 if batch == 1 else 640])
        pipe(texts[:batch])  # warm up
        start = time.perf_counter()
        for i in range(0, len(texts), batch):
            pipe.predict_batch(texts[i:i + batch])
        out[f"texts_per_s_batch{batch}"] = round(len(texts) / (time.perf_counter() - start), 1)
    weights = backend.weights_path()
    root = weights if weights.is_dir() else weights.parent
    files = [root] if root.is_file() else [f for f in root.rglob("*") if f.is_file()]
    out["size_mb"] = round(sum(f.stat().st_size for f in files) / 1e6, 2)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["threshold"] = getattr(backend, "threshold", None)
    out["load_average_1min"] = round(os.getloadavg()[0], 1)
    return out


def measure_in_subprocess(
    task: str, model: str, sets_file: Path, speed_file: Path
) -> dict[str, Any]:
    """:func:`measure` in a fresh interpreter (own load time and peak RSS)."""
    done = subprocess.run(
        [sys.executable, "-m", "taskzoo.training.report", task, model, str(sets_file),
         str(speed_file)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"measuring {model} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure_models(
    task: str, models: Sequence[str], sets: dict[str, tuple[list[str], list[str]]],
    speed_texts: list[str],
) -> list[dict[str, Any]]:
    """:func:`measure_in_subprocess` for each model on the same named sets and speed texts."""
    with tempfile.TemporaryDirectory() as tmp:
        sets_file, speed_file = Path(tmp) / "sets.json", Path(tmp) / "speed.json"
        sets_file.write_text(json.dumps({k: {"texts": t, "labels": y}
                                         for k, (t, y) in sets.items()}))
        speed_file.write_text(json.dumps(speed_texts))
        return [measure_in_subprocess(task, model, sets_file, speed_file) for model in models]


def markdown_table(rows: list[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    """Rows as a Markdown table; ``columns`` are ``(header, "key" or "set.key")`` pairs."""
    def get(row: dict[str, Any], key: str) -> Any:
        for part in key.split("."):
            row = row.get(part, {}) if isinstance(row, dict) else {}
        return "" if row == {} else row

    lines = ["| " + " | ".join(h for h, _ in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(str(get(r, k)) for _, k in columns) + " |" for r in rows]
    return "\n".join(lines)


def publish(rows: list[dict[str, Any]], tables: Sequence[Sequence[tuple[str, str]]],
            json_path: Path | None = None) -> None:
    """Print ``rows`` as one Markdown table per column set and, if asked, save them as JSON."""
    print("\n\n".join(markdown_table(rows, columns) for columns in tables))
    if json_path is not None:
        json_path.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    task_name, model_name, sets_path, speed_path = sys.argv[1:5]
    loaded = json.loads(Path(sets_path).read_text())
    named = {k: (v["texts"], v["labels"]) for k, v in loaded.items()}
    speed = json.loads(Path(speed_path).read_text())
    print(json.dumps(measure(task_name, model_name, named, speed)))
