"""Evaluation reports: a Markdown table per task, JSON, a quality-vs-latency plot, a summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from taskzoo.evaluation.core import TaskReport

LLM_MARK = "smollm2"


def _f(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _n(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def markdown_table(report: TaskReport) -> str:
    """One row per model: quality, failures, latency, throughput, load, size, memory, cost."""
    metrics = sorted({m for r in report.models for m in r.quality},
                     key=lambda m: (m != report.primary_metric, m))
    head = ["model", *metrics, "failed", "p50 ms", "p95 ms", "items/s (batch)", "load s",
            "disk MB", "RSS MB", "CPU-s/1k", "$/1M items"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in report.models:
        if r.error:
            lines.append(f"| {r.name} | " + " | ".join(["–"] * len(metrics))
                         + f" | all ({r.error[:80]}) |" + " – |" * (len(head) - len(metrics) - 2))
            continue
        rate = (f"{_n(r.throughput_items_s)} ({r.best_batch_size})"
                if r.throughput_items_s else "–")
        usd_1m = None if r.usd_per_1k is None else r.usd_per_1k * 1000
        cells = [r.name, *(_f(r.quality.get(m)) for m in metrics), f"{r.failures}/{r.items}",
                 _n(r.latency_p50_ms), _n(r.latency_p95_ms), rate, _f(r.load_s, 2),
                 _n(r.size_mb), _n(r.peak_rss_added_mb), _n(r.cpu_s_per_1k),
                 "–" if usd_1m is None else f"{usd_1m:.3g}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot(report: TaskReport, path: Path) -> None:
    """Quality (primary metric) against single-item latency (log x), one point per model."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4), dpi=110)
    for r in report.models:
        value = r.quality.get(report.primary_metric)
        if value is None or not r.latency_p50_ms:
            continue
        llm = LLM_MARK in r.name
        ax.scatter([r.latency_p50_ms], [value], s=60, marker="s" if llm else "o",
                   color="tab:red" if llm else "tab:blue")
        ax.annotate(r.name, (r.latency_p50_ms, value), textcoords="offset points",
                    xytext=(5, 5), fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("latency for one item, p50 (ms, log scale)")
    better = "higher" if report.higher_is_better else "lower"
    ax.set_ylabel(f"{report.primary_metric} ({better} is better)")
    ax.set_title(f"{report.task}: quality vs latency ({report.items} items)")
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def markdown(report: TaskReport) -> str:
    """The task's report page: data, table, plot, failures, machine."""
    m = report.machine
    parts = [
        f"# {report.task}: evaluation\n",
        f"Data: `{report.data}` ({report.items} items). Headline metric: "
        f"**{report.primary_metric}** ({'higher' if report.higher_is_better else 'lower'} is "
        "better). Latency: one item per call. Throughput: best of the batch sizes tried. "
        f"Cost at ${report.price_per_core_hour}/core-hour (see docs/evaluation.md).\n",
        markdown_table(report), "",
        f"![quality vs latency]({report.task}.png)\n",
    ]
    failed = [r for r in report.models if r.failure_examples]
    if failed:
        parts.append("Failures (first few):\n")
        parts += [f"- {r.name}: {e}" for r in failed for e in r.failure_examples]
        parts.append("")
    load = f"; load average {m['load_avg_1m']} when it ended" if "load_avg_1m" in m else ""
    parts.append(f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}, "
                 f"Python {m['python']}{load}. Run took {report.seconds:.0f} s.\n")
    return "\n".join(parts)


def write_report(report: TaskReport, folder: Path) -> list[Path]:
    """Write ``<task>.json``, ``<task>.md`` and ``<task>.png`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{report.task}.{ext}" for ext in ("json", "md", "png")]
    paths[0].write_text(json.dumps(report.to_dict(), indent=2) + "\n")
    paths[1].write_text(markdown(report))
    plot(report, paths[2])
    return paths


def _cells(m: dict[str, Any] | None, metric: str) -> list[str]:
    if m is None:
        return ["–"] * 4
    usd = None if m["usd_per_1k"] is None else m["usd_per_1k"] * 1000
    return [m["name"], _f(m["quality"][metric]), _n(m["latency_p50_ms"]),
            "–" if usd is None else f"{usd:.3g}"]


def headline(reports: Sequence[dict[str, Any]]) -> str:
    """Best small model vs the LLM baseline, per task, from report dicts (JSON)."""
    lines = ["| task | metric | best small model | quality | p50 ms | $/1M items | "
             "SmolLM2-135M | quality | p50 ms | $/1M items |", "|" + "---|" * 10]
    for rep in reports:
        metric, higher = rep["primary_metric"], rep["higher_is_better"]
        ok = [m for m in rep["models"] if not m["error"] and metric in m["quality"]]
        small = [m for m in ok if LLM_MARK not in m["name"]]
        llm = next((m for m in ok if LLM_MARK in m["name"]), None)
        if not small:
            continue
        best = (max if higher else min)(small, key=lambda m: m["quality"][metric])
        row = _cells(best, metric) + _cells(llm, metric)
        lines.append(f"| {rep['task']} | {metric} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def write_summary(folder: Path) -> Path:
    """``folder/README.md``: the headline table from every ``<task>.json`` in ``folder``."""
    reports = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
    text = ["# Evaluation: small task models vs an LLM baseline\n",
            "Produced by `taskzoo eval TASK [--limit N] --out docs/evaluation` per task; one "
            "page per task below (with every model, failures and the plot). Quality on each "
            "task's held-out split (item counts below); p50 = latency of one item; cost = CPU "
            "time at the price per core-hour in docs/evaluation.md. Wall-clock figures depend "
            "on the machine's load, recorded on each page.\n", headline(reports), ""]
    text += [f"- [{r['task']}]({r['task']}.md): {r['items']} items from `{r['data']}`"
             for r in reports]
    path = folder / "README.md"
    path.write_text("\n".join(text) + "\n")
    return path
