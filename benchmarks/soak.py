"""Soak: many mixed requests to one ``taskzoo serve``, then many one-liner calls in one process.

Part 1 starts the server on a free 127.0.0.1 port with several text tasks preloaded and sends
``--requests`` valid requests (the tasks in turn) from ``--concurrency`` clients. Part 2 calls
the one-liners ``--calls`` times in a loop in this process. Both report errors, RSS after warm-up
(the first ``--warmup`` fraction) and at the end, and p95 latency of the first and the last
``--block`` requests/calls, so a leak or a slowdown shows. Loopback only; bounded by the counts;
the server is always stopped at the end.

    python benchmarks/soak.py                                  # 10,000 + 10,000 (the issue's)
    python benchmarks/soak.py --requests 2000 --calls 2000 --json benchmarks/results/soak.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_load import TEXTS, server, tree_rss_mb

TASKS = ["langid", "sentiment", "spam", "ner"]


def p95_ms(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000 if ordered else 0.0


def summary(latencies: list[float], errors: int, rss_warm: float, rss_end: float,
            block: int, seconds: float) -> dict[str, Any]:
    """The numbers both parts report."""
    block = min(block, max(1, len(latencies) // 2))
    return {
        "count": len(latencies) + errors, "errors": errors, "seconds": round(seconds, 1),
        "per_s": round(len(latencies) / seconds, 1), "rss_after_warmup_mb": round(rss_warm, 1),
        "rss_end_mb": round(rss_end, 1),
        "rss_growth_pct": round(100 * (rss_end - rss_warm) / rss_warm, 2),
        "block": block, "p95_first_block_ms": round(p95_ms(latencies[:block]), 1),
        "p95_last_block_ms": round(p95_ms(latencies[-block:]), 1),
    }


async def soak_server(url: str, pid: int, args: argparse.Namespace) -> dict[str, Any]:
    latencies: list[float | None] = [None] * args.requests
    errors: dict[str, int] = {}
    warm_at = int(args.requests * args.warmup)
    rss_warm: list[float] = []
    next_index = [0]

    async def client(http: httpx.AsyncClient) -> None:
        while next_index[0] < args.requests:
            i = next_index[0]
            next_index[0] += 1
            if i == warm_at:
                rss_warm.append(tree_rss_mb(pid))
            task, text = TASKS[i % len(TASKS)], TEXTS[i % len(TEXTS)]
            start = time.perf_counter()
            try:
                resp = await http.post(f"{url}/v1/{task}", json={"inputs": text})
                key = "" if resp.status_code == 200 else str(resp.status_code)
            except httpx.HTTPError as exc:
                key = type(exc).__name__
            if key:
                errors[key] = errors.get(key, 0) + 1
            else:
                latencies[i] = time.perf_counter() - start

    limits = httpx.Limits(max_connections=args.concurrency)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(args.concurrency)))
        seconds = time.perf_counter() - began
    done = [x for x in latencies if x is not None]
    result = summary(done, sum(errors.values()), rss_warm[0] if rss_warm else tree_rss_mb(pid),
                     tree_rss_mb(pid), args.block, seconds)
    result["error_kinds"] = errors
    return result


def soak_oneliners(args: argparse.Namespace) -> dict[str, Any]:
    import taskzoo as tz

    calls = [tz.langid, tz.sentiment, tz.spam, tz.ner]
    for call in calls:  # every model loaded before the clock starts
        call(TEXTS[0])
    me = psutil.Process(os.getpid())
    latencies: list[float] = []
    errors = 0
    rss_warm = 0.0
    began = time.perf_counter()
    for i in range(args.calls):
        if i == int(args.calls * args.warmup):
            rss_warm = me.memory_info().rss / 2**20
        start = time.perf_counter()
        try:
            calls[i % len(calls)](TEXTS[i % len(TEXTS)])
        except Exception:  # counted, never expected
            errors += 1
            continue
        latencies.append(time.perf_counter() - start)
    return summary(latencies, errors, rss_warm, me.memory_info().rss / 2**20, args.block,
                   time.perf_counter() - began)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=0.1, help="fraction counted as warm-up")
    parser.add_argument("--block", type=int, default=1000, help="requests per p95 block")
    parser.add_argument("--max-batch-size", type=int, default=16)
    parser.add_argument("--batch-timeout", type=float, default=0.01)
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args()

    with server(TASKS, args) as (url, proc):
        for task in TASKS:  # every model answered once before the clock starts
            httpx.post(f"{url}/v1/{task}", json={"inputs": TEXTS[0]}, timeout=120)
        served = asyncio.run(soak_server(url, proc.pid, args))
    print("server:", json.dumps(served), flush=True)  # kept even if part 2 is interrupted
    local = soak_oneliners(args)
    results = {"tasks": TASKS, "concurrency": args.concurrency, "server": served,
               "oneliners": local, "cpu_count": os.cpu_count(),
               "load_avg_1m": round(os.getloadavg()[0], 1)}
    print("| part | count | errors | per s | RSS MB after warm-up → end | p95 ms first → last "
          "block (block) |")
    print("|---|---|---|---|---|---|")
    for name, r in ((f"server, concurrency {args.concurrency}", served),
                    ("one-liners, one process", local)):
        print(f"| {name} | {r['count']:,} | {r['errors']} | {r['per_s']} | "
              f"{r['rss_after_warmup_mb']:.0f} → {r['rss_end_mb']:.0f} "
              f"({r['rss_growth_pct']:+.1f} %) | {r['p95_first_block_ms']:.0f} → "
              f"{r['p95_last_block_ms']:.0f} ({r['block']}) |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 1 if served["errors"] or local["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
