"""``taskzoo bench``: import time, load time, items/s at batch 1/8/64 and taskzoo's overhead.

For every task's default model, in a fresh process per task: the time to load the model, the
throughput at each batch size through :meth:`Pipeline.predict_batch`, and the same batches sent
straight to the backend library (fastText ``predict``, spaCy ``nlp.pipe``,
sentence-transformers ``encode``, ...) on inputs prepared beforehand. The overhead is
``pipeline time / direct time - 1`` at the largest batch size (median of repeated runs,
alternating the two so drifts in machine load hit both). Where no direct call is known, the
baseline is the backend adapter's own ``predict_batch`` (so the overhead is that of taskzoo's
pipeline layer: input checks, preparation and batching).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BATCH_SIZES = (1, 8, 64)
#: a throughput measurement stops after the batch that crosses this many seconds
BUDGET_S = 5.0
#: sample size for image and audio tasks (text tasks use ``n_items``)
MEDIA_ITEMS = 16
SAMPLE_TEXTS = (
    "I loved every minute of this film.", "The service was slow and the food was cold.",
    "Bonjour tout le monde, comment allez-vous ?", "Tim Cook visited Paris in May.",
    "WIN a FREE cruise, reply YES now!", "Can we move our meeting to Thursday afternoon?",
    "The quarterly report is attached; let me know if anything is missing.",
    "Das Wetter ist heute wirklich schön.",
)

Direct = Callable[[Any, list[Any]], Any]


def _direct_calls() -> dict[str, tuple[str, Direct]]:
    """backend class path -> (description, call of the library itself on prepared inputs)."""
    return {
        "taskzoo.backends.fasttext:FastTextClassifier": (
            "fasttext model.predict",
            lambda b, items: b.model.predict([" ".join(t.split()) for t in items], k=1)),
        "taskzoo.backends.spacy:SpacyNER": (
            "spaCy nlp.pipe", lambda b, items: list(b.nlp.pipe(items, batch_size=len(items)))),
        "taskzoo.backends.onnx_encoder:OnnxEmbeddings": (
            "OnnxEncoder.encode", lambda b, items: b.encoder.encode(items)),
        "taskzoo.backends.sentence_transformers:SentenceTransformerEncoder": (
            "SentenceTransformer.encode",
            lambda b, items: b.model.encode(items, batch_size=len(items), convert_to_numpy=True,
                                            normalize_embeddings=True,
                                            show_progress_bar=False)),
    }


def import_time(repeats: int = 5) -> float:
    """Median seconds for ``import taskzoo`` in a fresh interpreter."""
    code = ("import time; t = time.perf_counter(); import taskzoo; "
            "print(time.perf_counter() - t)")
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(repeats)]
    return statistics.median(times)


def _inputs(task: str, n: int) -> list[Any]:
    from taskzoo.evaluation.data import heldout
    from taskzoo.evaluation.scoring import kind_of
    from taskzoo.registry import REGISTRY

    spec = REGISTRY.task(task)
    kind = kind_of(spec.result)
    items: list[Any] = []
    if kind is not None:
        try:
            items = [e.input for e in heldout(spec.name, kind)[0]]
        except Exception:
            items = []
    if not items and spec.input_kind == "text":
        items = list(SAMPLE_TEXTS)
    if not items:
        return []
    return [items[i % len(items)] for i in range(n)]


def _rate(fn: Callable[[list[Any]], Any], items: list[Any], size: int) -> float:
    done, spent = 0, 0.0
    for start in range(0, len(items), size):
        batch = items[start:start + size]
        began = time.perf_counter()
        fn(batch)
        spent += time.perf_counter() - began
        done += len(batch)
        if spent >= BUDGET_S:
            break
    return done / spent if spent > 0 else float("nan")


def bench_task(task: str, n_items: int = 128, batch_sizes: Sequence[int] = BATCH_SIZES,
               repeats: int = 5) -> dict[str, Any]:
    """Benchmark the default model of ``task`` in this process."""
    from taskzoo.inputs import prepare
    from taskzoo.pipeline import Pipeline

    pipe = Pipeline(task)
    if pipe.spec.input_kind != "text":
        n_items = min(n_items, MEDIA_ITEMS)  # images and audio take ~0.1-1 s each
    items = _inputs(task, n_items)
    out: dict[str, Any] = {"task": pipe.task, "model": pipe.card.name, "items": len(items)}
    if not items:
        out["error"] = "no sample inputs (held-out data missing)"
        return out
    began = time.perf_counter()
    backend = pipe.load()
    out["load_s"] = time.perf_counter() - began
    pipe.predict_batch(items[:2])  # warm-up
    out["items_per_s"] = {str(b): _rate(pipe.predict_batch, items, b) for b in batch_sizes}
    prepared = [prepare(pipe.spec.input_kind, x) for x in items]
    name, direct = _direct_calls().get(
        pipe.card.backend, ("adapter predict_batch", lambda b, xs: b.predict_batch(xs)))
    largest = max(batch_sizes)
    rate = out["items_per_s"][str(largest)]
    # the overhead batch: the largest batch size, or what the model runs in ~2 s if slower
    size = max(1, min(largest, len(items), int(rate * 2) if rate == rate else largest))
    batch, ready = items[:size], prepared[:size]
    direct(backend, ready)  # warm-up
    ours, theirs = [], []
    for _ in range(repeats):
        began = time.perf_counter()
        pipe.predict_batch(batch)
        ours.append(time.perf_counter() - began)
        began = time.perf_counter()
        direct(backend, ready)
        theirs.append(time.perf_counter() - began)
    out["baseline"] = name
    out["overhead_batch"] = size
    out["pipeline_ms"] = 1000 * statistics.median(ours)
    out["direct_ms"] = 1000 * statistics.median(theirs)
    out["overhead_pct"] = 100 * (statistics.median(ours) / statistics.median(theirs) - 1)
    return out


def bench_isolated(task: str, timeout: float = 900) -> dict[str, Any]:
    """:func:`bench_task` in a fresh Python process."""
    done = subprocess.run([sys.executable, "-m", "taskzoo.bench", task], capture_output=True,
                          text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-2:])
        return {"task": task, "error": f"exit {done.returncode}: {tail}"[:300]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def markdown(imports_s: float, rows: list[dict[str, Any]], machine: dict[str, Any]) -> str:
    """docs/benchmarks.md."""
    sizes = [str(b) for b in BATCH_SIZES]
    head = ["task", "default model", "load s", *(f"items/s @{b}" for b in sizes),
            "overhead vs direct", "direct call (batch)"]
    lines = [
        "# Benchmarks\n",
        "Produced by `taskzoo bench --out docs/benchmarks.md` (numbers are measurements of one "
        "run, not asserts; the machine was shared with other jobs, so treat them as rough).\n",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM, "
        f"{machine['os']}, Python {machine['python']}; load average at start "
        f"{machine.get('load_avg', '?')}.\n",
        f"`import taskzoo`: **{1000 * imports_s:.0f} ms** (median of 5 fresh interpreters; "
        "imports no ML library).\n",
        "Each task's default model runs in its own process. Overhead = time through "
        "`Pipeline.predict_batch` / time of the library call on the same prepared inputs − 1 "
        "(median of 5 alternating runs, at the largest batch). Goal: ≤ 5 %.\n",
        "| " + " | ".join(head) + " |", "|" + "---|" * len(head),
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['task']} | {r.get('model', '–')} | {r['error']} |"
                         + " – |" * (len(head) - 3))
            continue
        rates = [f"{r['items_per_s'][b]:,.1f}" for b in sizes]
        lines.append(
            f"| {r['task']} | {r['model']} | {r['load_s']:.2f} | " + " | ".join(rates)
            + f" | {r['overhead_pct']:+.1f} % ({r['pipeline_ms']:.1f} vs {r['direct_ms']:.1f}"
            f" ms) | {r['baseline']} ({r['overhead_batch']}) |")
    return "\n".join(lines) + "\n"


def run(tasks: Sequence[str] | None = None, out: str | Path | None = None) -> dict[str, Any]:
    """Benchmark ``tasks`` (default: every task); write Markdown to ``out`` if given."""
    import os

    from taskzoo.evaluation.core import machine
    from taskzoo.registry import REGISTRY

    info = machine()
    info["load_avg"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    names = list(tasks) if tasks else REGISTRY.task_names()
    imports_s = import_time()
    rows = [bench_isolated(t) for t in names]
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(markdown(imports_s, rows, info))
    return {"import_s": imports_s, "tasks": rows, "machine": info}


if __name__ == "__main__":
    print(json.dumps(bench_task(sys.argv[1])))
