"""Measure the OCR models on the regenerated test set (see data.py): CER and word accuracy per
condition, seconds per line image and per A4 page (150 dpi, as a PNG and as a PDF).

    python tasks/ocr/evaluate.py                     # every rapidocr model, writes results.json
    python tasks/ocr/evaluate.py --models ppocrv6-small --limit 50

Side by side with PaddleOCR itself (paddle lives in its own venv, see docs/ocr.md), each engine in
its own process so load time and peak RSS are its own; ``--merge`` adds to the results file:

    .venv/bin/python tasks/ocr/evaluate.py --models ppocrv6-small --limit 20 \
        --out tasks/ocr/results-paddle.json
    .venv-paddleocr/bin/python tasks/ocr/evaluate.py --models ppocrv5-mobile-paddle --limit 20 \
        --out tasks/ocr/results-paddle.json --merge

CER is character edit distance / reference characters (jiwer), over all lines of a condition;
word accuracy is 1 − WER; "exact" is the share of lines read exactly. Whitespace runs are
collapsed to one space before scoring; case and punctuation count. Timings: for the first 20 line
images of each condition and every page, the best of 3 runs of ``pipeline(input)`` (decode +
OCR, after a warm-up call), wall clock and process CPU seconds, averaged; the 1-minute load
average is recorded beside them, since the machine is shared.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import jiwer

sys.path.insert(0, str(Path(__file__).parent))
import data  # tasks/ocr/data.py, next to this file

import taskzoo as tz

HERE = Path(__file__).parent
MODELS = ("ppocrv6-small", "ppocrv6-small-line")
TIMED = 20  # line images timed per condition
REPEATS = 3


def norm(text: str) -> str:
    """Collapse whitespace (including line breaks) to single spaces."""
    return " ".join(text.split())


def scores(refs: list[str], hyps: list[str]) -> dict[str, float]:
    """CER, word accuracy and exact-line rate of hypotheses against references."""
    refs, hyps = [norm(r) for r in refs], [norm(h) for h in hyps]
    return {
        "cer": round(jiwer.cer(refs, hyps), 4),
        "word_accuracy": round(1.0 - jiwer.wer(refs, hyps), 4),
        "exact": round(sum(r == h for r, h in zip(refs, hyps, strict=True)) / len(refs), 4),
        "n": len(refs),
    }


def run_lines(pipe: Any, samples: list[data.Sample], root: Path) -> dict[str, Any]:
    """Per-condition scores and timings of one pipeline over the line images."""
    pipe(str(root / samples[0].path))  # warm-up: load the model, first-run allocations
    by_condition: dict[str, tuple[list[str], list[str]]] = {}
    for sample in samples:
        refs, hyps = by_condition.setdefault(sample.condition, ([], []))
        refs.append(sample.text)
        hyps.append(pipe(str(root / sample.path)).text)
    out: dict[str, Any] = {}
    for condition, (refs, hyps) in by_condition.items():
        timed = [s for s in samples if s.condition == condition][:TIMED]
        out[condition] = {**scores(refs, hyps),
                          **timing(pipe, [root / s.path for s in timed], "line")}
    clean = [s for s in samples if s.condition == "clean"]
    if clean:
        out["clean_by_family"] = {}
        for family in data.FONTS:
            subset = [i for i, s in enumerate(clean) if s.family == family]
            refs = [clean[i].text for i in subset]
            hyps = [by_condition["clean"][1][i] for i in subset]
            out["clean_by_family"][family] = scores(refs, hyps)
        out["clean_by_size"] = {}
        for low, high in ((14, 20), (21, 32), (33, 48)):
            subset = [i for i, s in enumerate(clean) if low <= s.size <= high]
            if not subset:
                continue
            refs = [clean[i].text for i in subset]
            hyps = [by_condition["clean"][1][i] for i in subset]
            out["clean_by_size"][f"{low}-{high}px"] = scores(refs, hyps)
    return out


def run_pages(pipe: Any, samples: list[data.Sample], root: Path) -> dict[str, Any]:
    """Scores and seconds per page, for the page PNGs and the same pages as one-page PDFs."""
    from PIL import Image

    pipe(str(root / samples[0].path))
    refs, hyps, pdf_hyps, pdfs = [], [], [], []
    for sample in samples:
        refs.append(sample.text)
        hyps.append(pipe(str(root / sample.path)).text)
        buffer = io.BytesIO()
        Image.open(root / sample.path).save(buffer, format="PDF", resolution=150)
        pdfs.append(buffer.getvalue())
        pdf_hyps.append(pipe(pdfs[-1]).text)
    pngs = [root / s.path for s in samples]
    return {"png": {**scores(refs, hyps), **timing(pipe, pngs, "page")},
            "pdf": {**scores(refs, pdf_hyps), **timing(pipe, pdfs, "page")}}


def timing(pipe: Any, inputs: list[Any], unit: str) -> dict[str, float]:
    """Seconds per input: the best of REPEATS runs of each (wall clock and process CPU), averaged
    over the inputs. The best run is the one least disturbed by other work on a shared machine."""
    walls, cpus = [], []
    for item in inputs:
        item = str(item) if isinstance(item, Path) else item
        best_wall = best_cpu = float("inf")
        for _ in range(REPEATS):
            wall, cpu = time.perf_counter(), time.process_time()
            pipe(item)
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        walls.append(best_wall)
        cpus.append(best_cpu)
    return {f"s_per_{unit}": round(statistics.fmean(walls), 4),
            f"cpu_s_per_{unit}": round(statistics.fmean(cpus), 4),
            "timed": len(inputs), "load_avg_1min": round(os.getloadavg()[0], 1)}


#: the distributions each engine installs (beyond numpy/Pillow), for the install size
ENGINE_DISTS = {
    "rapidocr": ("rapidocr", "onnxruntime", "opencv-python"),
    "paddleocr": ("paddlepaddle", "paddleocr", "paddlex", "opencv-contrib-python"),
}


def install_mb(dists: tuple[str, ...]) -> float:
    """Disk size of the installed files of ``dists`` (those that are installed), in MB."""
    from importlib import metadata

    total = 0
    for name in dists:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            continue
        for f in files:
            path = Path(str(f.locate()))
            total += path.stat().st_size if path.is_file() else 0
    return round(total / 1e6, 1)


def cost(pipe: tz.Pipeline) -> dict[str, float]:
    """Load time, peak RSS after loading and the engine's install size, measured in this process
    (so run one engine per process)."""
    start = time.perf_counter()
    pipe.load()
    engine = "paddleocr" if "paddle" in pipe.card.backend else "rapidocr"
    return {"load_s": round(time.perf_counter() - start, 2),
            "peak_rss_mb_after_load": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "install_mb": install_mb(ENGINE_DISTS[engine])}


def table(results: dict[str, Any]) -> str:
    """A Markdown table of the line results, one row per model and condition."""
    rows = ["| model | condition | CER | word acc. | exact lines | s per line/page (CPU s) |",
            "|---|---|---|---|---|---|"]
    for model, res in results["models"].items():
        if "cost" in res:
            c = res["cost"]
            rows.append(f"| {model} | load {c['load_s']} s, peak RSS "
                        f"{c['peak_rss_mb_after_load']} MB, install {c['install_mb']} MB | | | | |")
        for condition in (*data.CONDITIONS, "clean+orientation"):
            if condition in res["lines"]:
                r = res["lines"][condition]
                rows.append(f"| {model} | {condition} | {r['cer']:.2%} | "
                            f"{r['word_accuracy']:.2%} | {r['exact']:.2%} | "
                            f"{r['s_per_line']:.3f} ({r['cpu_s_per_line']:.3f}) |")
        if "pages" in res:
            for kind, r in res["pages"].items():
                rows.append(f"| {model} | A4 page 150 dpi ({kind}) | {r['cer']:.2%} | "
                            f"{r['word_accuracy']:.2%} | – | {r['s_per_page']:.2f} "
                            f"({r['cpu_s_per_page']:.2f}) |")
    default = next(iter(results["models"].values()))["lines"]
    rows += ["", "Clean lines by font family and by size (first model):", "",
             "| subset | lines | CER | word acc. | exact lines |", "|---|---|---|---|---|"]
    for key in ("clean_by_family", "clean_by_size"):
        for name, r in default.get(key, {}).items():
            rows.append(f"| {name} | {r['n']} | {r['cer']:.2%} | {r['word_accuracy']:.2%} | "
                        f"{r['exact']:.2%} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(MODELS))
    parser.add_argument("--limit", type=int, default=0, help="only the first N lines")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--merge", action="store_true",
                        help="add these models to the results file instead of replacing it")
    parser.add_argument("--table", action="store_true",
                        help="only print the tables of an earlier run's results file")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.out.read_text())))
        return

    sets = data.load()
    lines = sets["lines"]
    if args.limit:
        keep = {s.text for s in lines[: args.limit * len(data.CONDITIONS)]}
        lines = [s for s in lines if s.text in keep]
    results: dict[str, Any] = {
        "test_set": f"{len({s.text for s in lines})} lines × {len(data.CONDITIONS)} conditions, "
                    f"{len(sets['pages'])} A4 pages (tasks/ocr/data.py, seed {data.SEED})",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "taskzoo": tz.__version__,
        "models": {},
    }
    if args.merge and args.out.exists():
        results["models"] = json.loads(args.out.read_text())["models"]
    for model in args.models:
        print(f"== {model}", file=sys.stderr)
        pipe = tz.load("ocr", model)
        res: dict[str, Any] = {"cost": cost(pipe)}
        res["lines"] = run_lines(pipe, lines, data.OUT)
        if "orientation" in pipe.card.options and pipe.card.options.get("detect", True):
            with_cls = tz.load("ocr", model, orientation=True)
            clean = [s for s in lines if s.condition == "clean"]
            res["lines"]["clean+orientation"] = run_lines(with_cls, clean, data.OUT)["clean"]
        if pipe.card.options.get("detect", True):
            res["pages"] = run_pages(pipe, sets["pages"], data.OUT)
        results["models"][model] = res
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    print(f"\nwritten {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
