"""Throughput of batch inference: in-process stream vs Ray Data with 1 and 2 actors.

For each task, runs the same Parquet file of N short texts through

* ``local-stream``: ``Pipeline.stream`` in this process (model already loaded: pure throughput);
* ``local``: ``taskzoo.batch(engine="local")`` (read Parquet, run, write Parquet; includes load);
* ``ray-1`` / ``ray-2``: ``taskzoo.batch(engine="ray", workers=1|2)`` on a running local Ray
  (includes actor start-up and one model load per actor),

at two sizes, and fits ``seconds = fixed + rows / rate`` to each engine to separate its fixed
cost from its steady rate; the crossover ``rows`` where Ray beats the local engine follows.
Also reported: ``ray.init`` time, the peak RSS of each actor, the threads torch gets in an actor.

Usage::

    nice -n 10 python benchmarks/ray_throughput.py --tasks sentiment embeddings \\
        --sizes 1000 4000 --json benchmarks/results/ray_throughput.json

Numbers go into docs/scale-out.md, never into tests.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

WORDS = ("the", "film", "was", "a", "wonderful", "moving", "story", "with", "brilliant", "cast",
         "but", "ending", "felt", "slow", "and", "script", "dull", "while", "music", "lovely")


def make_texts(n: int, seed: int = 0) -> list[str]:
    """``n`` review-like sentences of 10-20 words."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 20))) for _ in range(n)]


def write_parquet(texts: list[str], path: Path) -> None:
    """The texts as a one-column Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"text": texts}), path)


class ActorMemory:
    """Samples the RSS of Ray's map actors in a thread; ``peak`` maps pid -> max RSS (MB)."""

    def __init__(self) -> None:
        self.peak: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ActorMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._stop.wait(0.5):
            for proc in psutil.process_iter(["pid", "cmdline", "memory_info"]):
                cmd = " ".join(proc.info["cmdline"] or [])
                if "MapWorker(MapBatches(TaskPredictor))" in cmd and proc.info["memory_info"]:
                    rss = proc.info["memory_info"].rss / 2**20
                    self.peak[proc.info["pid"]] = max(self.peak.get(proc.info["pid"], 0), rss)


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """(fixed seconds, rows per second) through two (rows, seconds) points."""
    (n1, t1), (n2, t2) = sorted(points)[0], sorted(points)[-1]
    per_row = max((t2 - t1) / (n2 - n1), 1e-9)
    return max(t1 - n1 * per_row, 0.0), 1.0 / per_row


def bench_task(name: str, sizes: list[int], folder: Path, batch_size: int) -> dict[str, Any]:
    """Every engine on ``name`` (``task`` or ``task:model``) at every size: timings and fits."""
    import taskzoo as tz

    task, _, model_name = name.partition(":")
    model = model_name or None
    out: dict[str, Any] = {"task": task, "model": tz.resolve(task, model).name, "runs": []}
    pipe = tz.load(task, model)
    start = time.perf_counter()
    pipe.load()
    out["model_load_s"] = round(time.perf_counter() - start, 2)
    for n in sizes:
        texts = make_texts(n)
        data = folder / f"{task}-{n}.parquet"
        write_parquet(texts, data)
        start = time.perf_counter()
        for _ in pipe.stream(texts, batch_size=batch_size):
            pass
        out["runs"].append({"engine": "local-stream", "rows": n,
                            "seconds": round(time.perf_counter() - start, 2)})
        report = tz.batch(task, data, folder / "local.parquet", engine="local", model=model,
                          batch_size=batch_size)
        out["runs"].append({"engine": "local", "rows": n, "seconds": round(report.seconds, 2)})
        for workers in (1, 2):
            with ActorMemory() as memory:
                report = tz.batch(task, data, folder / "ray.parquet", engine="ray",
                                  model=model, workers=workers, batch_size=batch_size)
            out["runs"].append({"engine": f"ray-{workers}", "rows": n,
                                "seconds": round(report.seconds, 2),
                                "actor_peak_rss_mb": sorted(round(v) for v in
                                                            memory.peak.values())})
            print(f"  {task} ray-{workers} {n} rows: {report.seconds:.1f} s", file=sys.stderr)
    fits = {}
    for engine in ("local-stream", "local", "ray-1", "ray-2"):
        points = [(r["rows"], r["seconds"]) for r in out["runs"] if r["engine"] == engine]
        fixed, rate = fit(points)
        fits[engine] = {"fixed_s": round(fixed, 1), "rows_per_s": round(rate, 1)}
    out["fits"] = fits
    out["crossover_rows"] = {
        engine: crossover(fits["local"], fits[engine]) for engine in ("ray-1", "ray-2")
    }
    return out


def crossover(local: dict[str, float], ray: dict[str, float]) -> int | None:
    """Rows beyond which ``ray`` finishes first (None: never, at these rates)."""
    if ray["rows_per_s"] <= local["rows_per_s"]:
        return None
    gap = ray["fixed_s"] - local["fixed_s"]
    return max(0, round(gap / (1 / local["rows_per_s"] - 1 / ray["rows_per_s"])))


def actor_threads() -> int:
    """How many threads torch uses inside an actor with 0.5 CPU (Ray sets OMP_NUM_THREADS)."""
    import ray

    @ray.remote(num_cpus=0.5)
    def threads() -> int:
        import torch

        return int(torch.get_num_threads())

    return int(ray.get(threads.remote()))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (and optionally save) JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", nargs="+", default=["sentiment", "embeddings"],
                        help="task names, or task:model (e.g. sentiment:fasttext-rt)")
    parser.add_argument("--sizes", nargs=2, type=int, default=[1000, 4000])
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)

    import ray

    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    results: dict[str, Any] = {"cpus": os.cpu_count(), "load_average": os.getloadavg()}
    start = time.perf_counter()
    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False,
             logging_level=logging.WARNING)
    results["ray_init_s"] = round(time.perf_counter() - start, 2)
    results["torch_threads_in_actor"] = actor_threads()
    import torch

    results["torch_threads_local"] = torch.get_num_threads()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            results["tasks"] = [bench_task(task, args.sizes, Path(tmp), args.batch_size)
                                for task in args.tasks]
    finally:
        ray.shutdown()
    results["load_average_after"] = os.getloadavg()
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
