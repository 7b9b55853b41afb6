"""Bounded loopback load on ``taskzoo serve``, compared with the same model in-process.

For each task (default: sentiment and embeddings), starts the server on a free 127.0.0.1 port
with only that task preloaded, sends single-text requests from ``--concurrency`` clients for
``--duration`` seconds (at most ``--max-requests``; it always stops by itself), and reports
requests/s, p50/p95 latency, errors, the server's RSS before and after, and the model calls the
server needed (its dynamic batching). Then it times the same model in this process: one text per
call, and batches of 32. Only loopback traffic; the server is always killed at the end.

    python benchmarks/server_load.py                    # 60 s per task at concurrency 16
    python benchmarks/server_load.py --duration 10 --tasks langid --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXTS = [
    "I loved every minute of this film, the cast is wonderful.",
    "The plot was dull and the ending made no sense at all.",
    "A quiet, thoughtful drama that stays with you for days.",
    "Worst customer service I have ever had, never again.",
    "The soundtrack alone is worth the price of the ticket.",
    "It was fine, nothing special, a bit too long.",
    "Tim Cook visited Paris in May to open a new store.",
    "Congratulations, you won a free cruise, reply YES now!",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its children, in MB."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total / 2**20


@contextlib.contextmanager
def server(task: str | list[str], args: argparse.Namespace):
    """``taskzoo serve`` for ``task`` (or several) on a free loopback port; always stopped."""
    tasks = [task] if isinstance(task, str) else list(task)
    port = free_port()
    cmd = [sys.executable, "-m", "taskzoo", "serve", "--tasks", *tasks, "--preload", "--port",
           str(port), "--max-batch-size", str(args.max_batch_size), "--batch-timeout",
           str(args.batch_timeout)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"the {task} server did not start")
        yield url, proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


async def load(url: str, task: str, args: argparse.Namespace) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    stop_at = time.monotonic() + args.duration
    budget = [args.max_requests]

    async def client(worker: int, http: httpx.AsyncClient) -> None:
        i = worker
        while time.monotonic() < stop_at and budget[0] > 0:
            budget[0] -= 1
            text = TEXTS[i % len(TEXTS)]
            i += 1
            start = time.perf_counter()
            try:
                resp = await http.post(f"{url}/v1/{task}", json={"inputs": text})
                ok = resp.status_code == 200
                key = "" if ok else str(resp.status_code)
            except httpx.HTTPError as exc:
                ok, key = False, type(exc).__name__
            if ok:
                latencies.append(time.perf_counter() - start)
            else:
                errors[key] = errors.get(key, 0) + 1

    limits = httpx.Limits(max_connections=args.concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(w, http) for w in range(args.concurrency)))
        elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {"requests": len(latencies), "errors": sum(errors.values()), "error_kinds": errors,
            "seconds": elapsed, "req_per_s": len(latencies) / elapsed,
            "p50_ms": pct(0.50) if latencies else None, "p95_ms": pct(0.95) if latencies else None,
            "mean_ms": statistics.fmean(latencies) * 1000 if latencies else None}


def in_process(task: str, seconds: float) -> dict[str, float]:
    """Texts per second with the model in this process: one per call, and batches of 32."""
    import taskzoo as tz

    pipe = tz.load(task)
    pipe(TEXTS)  # load and warm up
    out: dict[str, float] = {}
    for label, size in (("one_per_call", 1), ("batch_32", 32)):
        done, began = 0, time.perf_counter()
        while time.perf_counter() - began < seconds:
            batch = [TEXTS[(done + j) % len(TEXTS)] for j in range(size)]
            pipe(batch) if size > 1 else pipe(batch[0])
            done += size
        out[label] = done / (time.perf_counter() - began)
    return out


def bench(task: str, args: argparse.Namespace) -> dict[str, Any]:
    with server(task, args) as (url, proc):
        health = httpx.get(f"{url}/health", timeout=30).json()["tasks"][task]
        if health.get("failed"):
            return {"task": task, "skipped": health.get("error", "model failed to load")}
        for text in TEXTS:  # warm up, so RSS "before" includes the loaded model
            httpx.post(f"{url}/v1/{task}", json={"inputs": text}, timeout=60)
        rss_before = tree_rss_mb(proc.pid)
        calls_before = httpx.get(f"{url}/health", timeout=30).json()["tasks"][task]
        result = asyncio.run(load(url, task, args))
        calls_after = httpx.get(f"{url}/health", timeout=30).json()["tasks"][task]
        rss_after = tree_rss_mb(proc.pid)
    result.update(
        task=task, concurrency=args.concurrency, rss_before_mb=rss_before,
        rss_after_mb=rss_after, rss_growth_pct=100 * (rss_after - rss_before) / rss_before,
        model_calls=calls_after["model_calls"] - calls_before["model_calls"],
        served=calls_after["requests"] - calls_before["requests"],
    )
    result["in_process_texts_per_s"] = in_process(task, args.in_process_seconds)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", nargs="+", default=["sentiment", "embeddings"])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per task")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--max-requests", type=int, default=50_000, help="hard cap per task")
    parser.add_argument("--max-batch-size", type=int, default=16)
    parser.add_argument("--batch-timeout", type=float, default=0.01)
    parser.add_argument("--in-process-seconds", type=float, default=10.0)
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args()

    from taskzoo.registry import REGISTRY

    results = []
    for task in args.tasks:
        if task not in REGISTRY.task_names() or not REGISTRY.task(task).models:
            results.append({"task": task, "skipped": "not in the registry (yet)"})
            continue
        results.append(bench(task, args))
    print("| task | req/s | p50 ms | p95 ms | errors | model calls / requests | server RSS MB "
          "before → after | in-process texts/s (1 per call / batch 32) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        if "skipped" in r:
            print(f"| {r['task']} | skipped: {r['skipped'][:80]} |||||||")
            continue
        ip = r["in_process_texts_per_s"]
        print(f"| {r['task']} | {r['req_per_s']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
              f"{r['errors']} | {r['model_calls']} / {r['served']} | {r['rss_before_mb']:.0f} → "
              f"{r['rss_after_mb']:.0f} ({r['rss_growth_pct']:+.1f} %) | "
              f"{ip['one_per_call']:.1f} / {ip['batch_32']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 1 if any(r.get("errors") for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
