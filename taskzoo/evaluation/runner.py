"""Run one model over evaluation inputs and measure it: predictions, latency, throughput, memory.

:func:`measure` works on anything callable on a list of inputs (a :class:`~taskzoo.Pipeline`,
or a cascade/ensemble object with a ``name``); it never stops on a failing item: a batch that
raises is retried item by item, and each item that still fails is recorded as ``None`` with its
error. :func:`measure_isolated` runs :func:`measure` in a fresh Python process (``python -m
taskzoo.evaluation.runner``) so load time and peak memory are those of this model alone.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

#: batch sizes tried for throughput (on up to ``THROUGHPUT_ITEMS`` items each); batch 1 is
#: measured by the single-item latency calls
BATCH_SIZES = (8, 32)
THROUGHPUT_ITEMS = 64
LATENCY_ITEMS = 20
MAX_LATENCY_ITEMS = 200
MIN_LATENCY_ITEMS = 5
#: a throughput pass stops after the batch that crosses this many seconds
BUDGET_S = 20.0


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def _plain(result: Any) -> Any:
    if hasattr(result, "to_dict"):
        return result.to_dict()
    if isinstance(result, list):
        return [_plain(r) for r in result]
    if hasattr(result, "tolist"):
        return result.tolist()
    return result


def _call(model: Any, batch: list[Any]) -> list[Any]:
    out = model.predict_batch(batch) if hasattr(model, "predict_batch") else model(batch)
    if len(out) != len(batch):
        raise RuntimeError(f"model returned {len(out)} results for {len(batch)} inputs")
    return list(out)


def run_all(model: Any, inputs: Sequence[Any], batch_size: int,
            errors: dict[int, str]) -> list[Any]:
    """Predictions (plain dicts) for every input; failures become None, with ``errors[i]``."""
    out: list[Any] = []
    for start in range(0, len(inputs), batch_size):
        batch = list(inputs[start:start + batch_size])
        try:
            out += [_plain(r) for r in _call(model, batch)]
            continue
        except Exception:  # retry one by one so one bad item costs only itself
            pass
        for offset, item in enumerate(batch):
            try:
                out.append(_plain(_call(model, [item])[0]))
            except Exception as exc:
                errors[start + offset] = f"{type(exc).__name__}: {exc}"[:300]
                out.append(None)
    return out


def _timed(fn: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu_seconds()
    fn()
    return time.perf_counter() - wall, _cpu_seconds() - cpu


def _budgeted_pass(model: Any, items: list[Any], size: int,
                   budget_s: float) -> tuple[int, float, float]:
    """(items done, wall s, CPU s) running batches of ``size`` until ``budget_s`` is spent."""
    done, wall, cpu = 0, 0.0, 0.0
    for start in range(0, len(items), size):
        batch = items[start:start + size]
        w, c = _timed(lambda batch=batch: run_all(model, batch, size, {}))
        done, wall, cpu = done + len(batch), wall + w, cpu + c
        if wall >= budget_s:
            break
    return done, wall, cpu


def _percentile(values: list[float], q: float) -> float | None:
    import numpy as np

    return float(np.percentile(values, q)) if values else None


def measure(model: Any, inputs: Sequence[Any], batch_size: int = 32,
            batch_sizes: Sequence[int] = BATCH_SIZES, latency_items: int = LATENCY_ITEMS,
            throughput_items: int = THROUGHPUT_ITEMS,
            budget_s: float = BUDGET_S) -> dict[str, Any]:
    """Predictions and performance of ``model`` on ``inputs`` (see the module docstring)."""
    rss_before = _rss_mb()
    load_s = None
    if hasattr(model, "load"):
        load_s, _ = _timed(model.load)
    errors: dict[int, str] = {}
    if inputs:  # warm-up, untimed (first-call allocations, lazy imports inside libraries)
        run_all(model, list(inputs[:1]), 1, {})
    predictions: list[Any] = []
    wall, cpu = _timed(lambda: predictions.extend(run_all(model, inputs, batch_size, errors)))
    passes = {batch_size: (len(inputs), wall, cpu)}
    latencies: list[float] = []
    lat_cpu = _cpu_seconds()
    for index, item in enumerate(inputs[:MAX_LATENCY_ITEMS]):
        spent = sum(latencies)
        if index >= latency_items and spent > 1.0:
            break  # fast models get more samples (up to MAX_LATENCY_ITEMS) for a stable p95
        if index >= MIN_LATENCY_ITEMS and spent > budget_s:
            break  # slow models (LLMs) stop once the time budget is spent
        seconds, _ = _timed(lambda item=item: run_all(model, [item], 1, {}))
        latencies.append(seconds)
    if latencies and 1 not in passes:  # single-item calls are the batch-1 throughput run
        passes[1] = (len(latencies), sum(latencies), _cpu_seconds() - lat_cpu)
    subset = list(inputs[:throughput_items])
    for size in batch_sizes:
        if size not in passes and subset:
            passes[size] = _budgeted_pass(model, subset, size, budget_s)
    rates = {size: n / w for size, (n, w, _) in passes.items() if w > 0}
    best = max(rates, key=lambda s: rates[s]) if rates else batch_size
    n_best, _, cpu_best = passes[best]
    return {
        "predictions": predictions,
        "errors": {str(k): v for k, v in errors.items()},
        "load_s": load_s,
        "latency_p50_ms": None if not latencies else 1000 * _percentile(latencies, 50),
        "latency_p95_ms": None if not latencies else 1000 * _percentile(latencies, 95),
        "throughput_items_s": rates.get(best),
        "best_batch_size": best,
        "throughput_by_batch": {str(k): v for k, v in sorted(rates.items())},
        "cpu_s_per_1k": 1000 * cpu_best / n_best if n_best else None,
        "rss_before_mb": rss_before,
        "peak_rss_added_mb": _peak_rss_mb() - rss_before,
    }


def measure_isolated(model: Any, inputs: Sequence[Any], timeout: float | None = None,
                     **kwargs: Any) -> dict[str, Any]:
    """:func:`measure` in a fresh Python process; the model must pickle (Pipelines do)."""
    with tempfile.TemporaryDirectory(prefix="taskzoo-eval-") as tmp:
        job, out = Path(tmp) / "job.pkl", Path(tmp) / "out.json"
        job.write_bytes(pickle.dumps({"model": model, "inputs": list(inputs), "kwargs": kwargs}))
        env = {**os.environ, "TQDM_DISABLE": "1", "TRANSFORMERS_VERBOSITY": "error"}
        try:
            done = subprocess.run([sys.executable, "-m", "taskzoo.evaluation.runner", str(job),
                                   str(out)], capture_output=True, text=True, timeout=timeout,
                                  env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"evaluation worker timed out after {timeout} s") from exc
        if done.returncode != 0 or not out.exists():
            lines = (done.stderr or "").strip().splitlines()
            # the exception line ("taskzoo.errors.X: message") says the most; keep it first
            last = ""
            if lines and ": " in lines[-1]:
                kind, message = lines[-1].split(": ", 1)
                last = f"{kind.rsplit('.', 1)[-1]}: {message}"
            raise RuntimeError(last or f"evaluation worker failed (exit {done.returncode}): "
                               + " | ".join(lines[-3:]))
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def _worker(job_path: str, out_path: str) -> int:
    job = pickle.loads(Path(job_path).read_bytes())
    result = measure(job["model"], job["inputs"], **job["kwargs"])
    Path(out_path).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(_worker(sys.argv[1], sys.argv[2]))
