"""Keys of the runtime measurements: benchmarks (text runtime, `taskzoo bench`, foundation),
the HTTP server's load and soak tests, Ray Data throughput, and `taskzoo eval` reports."""

from __future__ import annotations

from typing import Any

from docgen.formats import FORMATS, fixed, integer, rate, sig2, sig3
from docgen.registry import Number
from docgen.sources import dig, load, row

f0, f1, f2 = fixed(0), fixed(1), fixed(2)

RUNTIME = "benchmarks/results/text_runtime.json"
RECORDED = "benchmarks/results/recorded.json"
#: who in keys → the labels of text_runtime.json's texts_per_s
RUNNERS = {"embed-st": "embed: sentence-transformers", "embed": "embed: taskzoo",
           "sentiment-torch": "sentiment: torch LoRA", "sentiment": "sentiment: taskzoo"}
BASELINES = {"embed": "embed-st", "sentiment": "sentiment-torch"}


def _rate(who: str, batch: str) -> float:
    value: float = dig(load(RUNTIME), "texts_per_s", RUNNERS[who], f"batch {batch}")
    return value


def _cold(task: str, when: str) -> float:
    value: float = dig(load(RUNTIME), "cold_start_s", task, when)
    return value


def _runtime_rss(when: str) -> float:
    value: float = dig(load(RUNTIME), "all_eight_defaults", when, "peak_rss_mb")
    return value


TEXT_RUNTIME = [
    Number("runtime.cold.sentiment_vs_spam",
           lambda: _cold("sentiment", "after") / _cold("spam", "after"), f2, RUNTIME),
    Number("runtime.cold.{task}.ratio",
           lambda task: _cold(task, "before") / _cold(task, "after"), f1, RUNTIME),
    Number("runtime.cold.{task}.{when}", _cold, sig3, RUNTIME),  # when: before, after
    Number("runtime.rate.{who}.range",  # batch 1 to batch 32
           lambda who: (_rate(who, "1"), _rate(who, "32")), rate, RUNTIME),
    Number("runtime.rate.{who}.{batch}", _rate, f1, RUNTIME),
    Number("runtime.speedup.{who}.{batch}",
           lambda who, batch: _rate(who, batch) / _rate(BASELINES[who], batch), sig2, RUNTIME),
    Number("runtime.rss.change", lambda: _runtime_rss("after") / _runtime_rss("before") - 1,
           FORMATS["spct0"], RUNTIME),
    Number("runtime.rss.{when}", _runtime_rss, f0, RUNTIME),
    Number("runtime.install.{field}",  # text_mb, text_ocr_detect_asr_mb, text_*_torch_gb
           lambda field: dig(load(RECORDED), "install_sizes", field), sig3, RECORDED),
    Number("runtime.ultralytics_venv_gb",
           lambda: dig(load(RECORDED), "ultralytics_venv", "size_gb"), f1, RECORDED),
    Number("runtime.memory.{field}",
           lambda field: dig(load(RECORDED), "text_runtime_memory", field), f0, RECORDED),
]

BENCH = "benchmarks/results/bench.json"
FOUNDATION = "benchmarks/results/foundation.json"


def _item(items: list[dict[str, Any]], task: str, source: str) -> dict[str, Any]:
    """The item of ``items`` whose ``task`` is ``task``."""
    for item in items:
        if item.get("task") == task:
            return item
    raise LookupError(f"no task {task!r} in {source}")


def _bench(task: str) -> dict[str, Any]:
    return _item(load(BENCH)["tasks"], task, BENCH)


def _overhead(workload: str, batch: str) -> dict[str, Any]:
    for item in load(FOUNDATION)["overhead"]:
        if item["workload"] == workload and str(item["batch"]) == batch:
            found: dict[str, Any] = item
            return found
    raise LookupError(f"no {workload} at batch {batch}")


BENCHMARKS = [
    Number("bench.import_ms", lambda: 1000 * load(BENCH)["import_s"], f0, BENCH),
    Number("bench.fasttext.rates",  # the fastText models' items/s, batch 1 to batch 64
           lambda: (min(_bench(t)["items_per_s"]["1"] for t in ("langid", "spam")),
                    max(_bench(t)["items_per_s"]["64"] for t in ("langid", "spam"))), rate, BENCH),
    Number("bench.{task}.overhead", lambda task: _bench(task)["overhead_pct"], f0, BENCH),
    Number("bench.{task}.rates",  # items/s at batch 1 to batch 64
           lambda task: (_bench(task)["items_per_s"]["1"], _bench(task)["items_per_s"]["64"]),
           rate, BENCH),
    Number("foundation.import_ms", lambda: load(FOUNDATION)["import_ms"], f1, FOUNDATION),
    Number("foundation.load.{task}", lambda task: dig(load(FOUNDATION), "load_s", task), f2,
           FOUNDATION),
    Number("foundation.fasttext_ms", lambda: load(FOUNDATION)["fasttext_64_texts_ms"], f1,
           FOUNDATION),
    Number("foundation.pipeline_pct",
           lambda: load(FOUNDATION)["fasttext_pipeline_overhead_pct"], f0, FOUNDATION),
    Number("foundation.{workload}.{batch}.overhead",
           lambda workload, batch: _overhead(workload, batch)["overhead_pct"], FORMATS["s1"],
           FOUNDATION),
    Number("foundation.{workload}.{batch}.{who}",  # who: taskzoo, direct (items/s)
           lambda workload, batch, who: dig(_overhead(workload, batch), f"{who}_items_s"), f0,
           FOUNDATION),
]

SERVER = "benchmarks/results/server_load.json"
QUIET = "benchmarks/results/server_load_quiet.json"
SOAK = "benchmarks/results/soak.json"
SERVER_FORMATS = {"req_per_s": f1, "p50_ms": f0, "p95_ms": f0, "errors": integer,
                  "model_calls": integer, "served": integer, "rss_before_mb": f0,
                  "rss_after_mb": f0, "rss_growth_pct": FORMATS["s1"]}


def _served(source: str, task: str) -> dict[str, Any]:
    return row(source, task, field="task")


SERVING = [
    Number("server.{task}.inproc.{mode}",  # one_per_call, batch_32: texts/s in-process
           lambda task, mode: dig(_served(SERVER, task), "in_process_texts_per_s", mode), f0,
           SERVER),
    *(Number(f"server.{{task}}.{field}", lambda task, field=field: _served(SERVER, task)[field],
             fmt, SERVER) for field, fmt in SERVER_FORMATS.items()),
    *(Number(f"server.quiet.{{task}}.{field}",
             lambda task, field=field: _served(QUIET, task)[field], fmt, QUIET)
      for field, fmt in SERVER_FORMATS.items()),
    Number("server.max_growth",  # the largest RSS growth of the load test
           lambda: max(r["rss_growth_pct"] for r in load(SERVER)), f1, SERVER),
    Number("server.quiet.rss_growth_max",
           lambda: dig(load(RECORDED), "server_idle", "quiet_rss_growth_at_most_pct"), f0,
           RECORDED),
    Number("server.idle.{field}",  # litserve_loop_cpu_pct, taskzoo_loop_cpu_pct
           lambda field: dig(load(RECORDED), "server_idle", field), f0, RECORDED),
    Number("server.idle.litserve.{task}",
           lambda task: dig(load(RECORDED), "server_idle", "litserve_loop_req_per_s", task), f0,
           RECORDED),
    Number("soak.load_start", lambda: dig(load(RECORDED), "soak", "load_avg_start"), f1,
           RECORDED),
    Number("soak.load_end", lambda: load(SOAK)["load_avg_1m"], f1, SOAK),
    Number("soak.earlier.growth",
           lambda: dig(load(RECORDED), "soak", "earlier_run", "rss_growth_pct"), FORMATS["s1"],
           RECORDED),
    Number("soak.earlier.load",
           lambda: tuple(dig(load(RECORDED), "soak", "earlier_run", "load_avg")), f0, RECORDED),
    Number("soak.{part}.rss_growth_pct",  # part: server, oneliners
           lambda part: dig(load(SOAK), part, "rss_growth_pct"), FORMATS["s1"], SOAK),
    Number("soak.{part}.per_s", lambda part: dig(load(SOAK), part, "per_s"), f1, SOAK),
    Number("soak.{part}.{field}",  # count, errors, rss_*_mb, p95_*_ms
           lambda part, field: dig(load(SOAK), part, field), f0, SOAK),
]

RAY = {"langid": "benchmarks/results/ray_throughput.json",
       "embeddings": "benchmarks/results/ray_throughput.json",
       "sentiment": "benchmarks/results/ray_throughput_sentiment.json"}
RAY_SOURCE = "benchmarks/results/ray_throughput*.json"
FASTTEXT_TASKS = ("langid", "sentiment")


def _ray(task: str) -> dict[str, Any]:
    return _item(load(RAY[task])["tasks"], task, RAY[task])


def _runs(task: str, engine: str = "ray") -> list[dict[str, Any]]:
    """The runs of ``task`` whose engine starts with ``engine``."""
    return [r for r in _ray(task)["runs"] if r["engine"].startswith(engine)]


def _seconds(task: str, engine: str, rows: str) -> float:
    for run in _runs(task, engine):
        if run["engine"] == engine and str(run["rows"]) == rows:
            value: float = run["seconds"]
            return value
    raise LookupError(f"no {engine} run on {rows} rows of {task}")


def _fixed(task: str, engine: str) -> Any:
    """An engine's fixed cost: the fit's intercept, or, when the fit found no per-row cost to
    measure (or one that never catches up with the local engine), the range of the runs' times."""
    fit = _ray(task)["fits"][engine]
    never_pays = engine.startswith("ray") and _ray(task)["crossover_rows"].get(engine) is None
    if fit["rows_per_s"] >= 1e9 or never_pays:
        seconds = [r["seconds"] for r in _runs(task, engine) if r["engine"] == engine]
        return (min(seconds), max(seconds))
    return fit["fixed_s"]


def _actor_rss(task: str, engine: str = "ray") -> tuple[int, int]:
    values = [v for r in _runs(task, engine) for v in r.get("actor_peak_rss_mb", [])]
    return (min(values), max(values))


RAY_NUMBERS = [
    Number("ray.init_s", lambda: load(RAY["langid"])["ray_init_s"], f1, RAY_SOURCE),
    Number("ray.load.{when}",  # start, end: the machine's load average
           lambda when: load(RAY["langid"])[{"start": "load_average",
                                             "end": "load_average_after"}[when]][0], f0,
           RAY_SOURCE),
    Number("ray.fasttext.fixed_range",  # every Ray run of a fastText model: its time is overhead
           lambda: (lambda s: (min(s), max(s)))(
               [r["seconds"] for t in FASTTEXT_TASKS for r in _runs(t)]), f0, RAY_SOURCE),
    Number("ray.langid_100k.{field}",  # local_s, ray_2_workers_s
           lambda field: dig(load(RECORDED), "ray_langid_100k", field), f1, RECORDED),
    Number("ray.{task}.inproc_range",  # the in-process engines' rows/s
           lambda task: tuple(sorted(_ray(task)["fits"][e]["rows_per_s"]
                                     for e in ("local", "local-stream"))), rate, RAY_SOURCE),
    Number("ray.{task}.load_s", lambda task: _ray(task)["model_load_s"], f0, RAY_SOURCE),
    Number("ray.{task}.rss", _actor_rss, f0, RAY_SOURCE),
    Number("ray.{task}.crossover.{engine}",
           lambda task, engine: _ray(task)["crossover_rows"][engine], rate, RAY_SOURCE),
    Number("ray.{task}.{engine}.fixed", _fixed, sig2, RAY_SOURCE),
    Number("ray.{task}.{engine}.rate",
           lambda task, engine: _ray(task)["fits"][engine]["rows_per_s"], rate, RAY_SOURCE),
    Number("ray.{task}.{engine}.rows_s",  # the fit's rows/s as a plain number
           lambda task, engine: _ray(task)["fits"][engine]["rows_per_s"], f0, RAY_SOURCE),
    Number("ray.{task}.{engine}.rss", _actor_rss, f0, RAY_SOURCE),
    Number("ray.{task}.{engine}.{rows}", _seconds, sig3, RAY_SOURCE),
]


def _report(task: str, model: str) -> dict[str, Any]:
    """The report of ``model`` in docs/evaluation/<task>.json (``taskzoo eval``)."""
    for report in load(f"docs/evaluation/{task}.json")["models"]:
        if report["name"] == model:
            found: dict[str, Any] = report
            return found
    raise LookupError(f"no model {model!r} in docs/evaluation/{task}.json")


EVAL = "docs/evaluation/<task>.json"
EVALUATION = [
    Number("eval.{task}.items", lambda task: load(f"docs/evaluation/{task}.json")["items"],
           integer, EVAL),
    Number("eval.{task}.{model}.cpu_item",  # CPU-seconds per item
           lambda task, model: _report(task, model)["cpu_s_per_1k"] / 1000, sig2, EVAL),
    Number("eval.{task}.{model}.rss_gb",
           lambda task, model: _report(task, model)["peak_rss_added_mb"] / 1000, f1, EVAL),
    Number("eval.{task}.{model}.throughput",
           lambda task, model: _report(task, model)["throughput_items_s"], rate, EVAL),
    Number("eval.{task}.{model}.{metric}",  # a quality metric: accuracy, macro_f1, f1, cer
           lambda task, model, metric: dig(_report(task, model), "quality", metric),
           fixed(3), EVAL),
]

NUMBERS: list[Number] = [*TEXT_RUNTIME, *BENCHMARKS, *SERVING, *RAY_NUMBERS, *EVALUATION]
