"""The torch-free text runtime, before and after, measured side by side in one run.

    python benchmarks/text_runtime.py                  # ~10 minutes on 2 cores
    python benchmarks/text_runtime.py --install-sizes  # also two fresh venvs (~5 more minutes)

"Before" is the same model on the torch path taskzoo used until the ONNX runtime: embeddings
through sentence-transformers (``all-minilm-l6-v2-torch``), the sentiment LoRA as base MiniLM +
adapter on torch (its folder without ``encoder/``, which is how older folders still load).
Every pair is timed alternately in the same run, so the ratios hold on a busy machine even when
absolute times drift. Writes benchmarks/results/text_runtime.json; docs/benchmarks.md quotes it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "classify"
OUT = ROOT / "benchmarks" / "results" / "text_runtime.json"
TEXT = "What a great film, I loved every minute of it."


def review_texts() -> list[str]:
    """Real review and message texts: 800 Rotten Tomatoes snippets, 60 other-domain reviews."""
    texts = []
    for name in ("rt_sample.jsonl", "sentiment_ood.jsonl"):
        with open(DATA / name, encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle]
    return texts


def legacy_lora(tmp: Path) -> Path:
    """The shipped sentiment LoRA as an older taskzoo wrote it (no ONNX encoder: torch path)."""
    from taskzoo.training.modeldir import rehash
    from taskzoo.weights import ASSETS_DIR

    folder = tmp / "sentiment-lora-torch"
    shutil.copytree(ASSETS_DIR / "sentiment-minilm-lora", folder)
    shutil.rmtree(folder / "encoder")
    rehash(folder)
    return folder


def cli_seconds(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "taskzoo", "run", *args], check=True,
                   capture_output=True, timeout=600)
    return time.perf_counter() - started


def cold_starts(legacy: Path, repeats: int) -> dict[str, dict[str, float]]:
    """Median wall time of ``taskzoo run TASK TEXT`` (a fresh process each time)."""
    pairs = {
        "sentiment": (["sentiment", TEXT, "--model", str(legacy)], ["sentiment", TEXT]),
        "embeddings": (["embeddings", TEXT, "--model", "all-minilm-l6-v2-torch"],
                       ["embeddings", TEXT]),
        "spam": (None, ["spam", "WIN a FREE cruise, reply YES"]),
        "langid": (None, ["langid", "bonjour tout le monde"]),
        "ner": (None, ["ner", "Tim Cook visited Paris in May"]),
    }
    out: dict[str, dict[str, float]] = {}
    for task, (before, after) in pairs.items():
        runs: dict[str, list[float]] = {"before": [], "after": []}
        cli_seconds(after)  # warm the file cache and any one-time downloads
        for _ in range(repeats):
            if before:
                runs["before"].append(cli_seconds(before))
            runs["after"].append(cli_seconds(after))
        out[task] = {k: round(statistics.median(v), 2) for k, v in runs.items() if v}
        print(task, out[task], flush=True)
    return out


def throughput(legacy: Path, texts: list[str]) -> dict[str, dict[str, float]]:
    """Texts/s at batch 1 and 32: taskzoo (ONNX) against sentence-transformers called directly
    and against the torch LoRA path; pairs alternate, best of three rounds each."""
    from sentence_transformers import SentenceTransformer

    import taskzoo as tz
    from taskzoo.catalog.text import MINILM

    st = SentenceTransformer(str(MINILM.locate()), device="cpu")
    embed, sentiment = tz.load("embeddings"), tz.load("sentiment")
    sentiment_torch = tz.load("sentiment", model=str(legacy))
    runners = {
        "embed: sentence-transformers": lambda b: st.encode(b, batch_size=len(b),
                                                            normalize_embeddings=True),
        "embed: taskzoo": lambda b: embed(b, batch_size=len(b)),
        "sentiment: torch LoRA": lambda b: sentiment_torch(b, batch_size=len(b)),
        "sentiment: taskzoo": lambda b: sentiment(b, batch_size=len(b)),
    }
    for run in runners.values():
        run(texts[:4])  # load and warm up
    sizes = {1: 96, 32: 512}
    out: dict[str, dict[str, float]] = {name: {} for name in runners}
    for batch, count in sizes.items():
        best = {name: 0.0 for name in runners}
        for _ in range(3):
            for name, run in runners.items():
                started = time.perf_counter()
                for i in range(0, count, batch):
                    run(texts[i:i + batch])
                best[name] = max(best[name], count / (time.perf_counter() - started))
        for name, value in best.items():
            out[name][f"batch {batch}"] = round(value, 1)
        print(f"batch {batch}", {k: round(v, 1) for k, v in best.items()}, flush=True)
    return out


RSS_CHILD = """
import json, sys, numpy as np
from PIL import Image, ImageDraw
import taskzoo as tz
img = Image.new("RGB", (400, 80), "white")
ImageDraw.Draw(img).text((10, 20), "taskzoo", fill="black")
embed_model, sentiment_model = sys.argv[1] or None, sys.argv[2] or None
tz.load("embeddings", embed_model)("a cat"); tz.load("sentiment", sentiment_model)("great")
tz.spam("WIN a FREE cruise"); tz.ner("Tim Cook visited Paris"); tz.langid("bonjour")
tz.ocr(img); tz.detect(img); tz.transcribe(np.zeros(16000, dtype=np.float32))
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork + exec
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"peak_rss_mb": round(hwm / 1024), "torch_imported": "torch" in sys.modules}))
"""


def peak_rss(legacy: Path) -> dict[str, dict[str, object]]:
    """Peak RSS of one process with all eight default tasks loaded and run once."""
    out = {}
    for label, models in (("before", ("all-minilm-l6-v2-torch", str(legacy))),
                          ("after", ("", ""))):
        done = subprocess.run([sys.executable, "-c", RSS_CHILD, *models], capture_output=True,
                              text=True, check=True, timeout=900)
        out[label] = json.loads(done.stdout.strip().splitlines()[-1])
        print("all eight loaded", label, out[label], flush=True)
    return out


def install_sizes() -> dict[str, int]:
    """MB of site-packages after a fresh ``pip install`` of the wheel with each extra set."""
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", tmp, str(ROOT)],
                       check=True, capture_output=True)
        wheel = next(Path(tmp).glob("taskzoo-*.whl"))
        for extras in ("text", "text,ocr,detect,asr"):
            venv = Path(tmp) / extras.replace(",", "-")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"{wheel}[{extras}]"],
                           check=True, capture_output=True)
            site = next(venv.glob("lib/python*/site-packages"))
            du = subprocess.run(["du", "-sm", str(site)], capture_output=True, text=True,
                                check=True)
            sizes[f"taskzoo[{extras}]"] = int(du.stdout.split()[0])
            has_torch = (site / "torch").exists()
            print(f"taskzoo[{extras}]", sizes[f"taskzoo[{extras}]"], "MB, torch:", has_torch,
                  flush=True)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="cold starts per command")
    parser.add_argument("--only-rss", action="store_true",
                        help="re-measure only the peak RSS, keep the other results")
    parser.add_argument("--install-sizes", action="store_true",
                        help="also measure fresh installs (builds the wheel, two venvs)")
    args = parser.parse_args()
    previous = json.loads(OUT.read_text()) if OUT.exists() else {}
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory() as tmp:
        legacy = legacy_lora(Path(tmp))
        if args.only_rss:
            results = {**previous, "all_eight_defaults": peak_rss(legacy)}
        else:
            results["cold_start_s"] = cold_starts(legacy, args.repeats)
            results["texts_per_s"] = throughput(legacy, review_texts())
            results["all_eight_defaults"] = peak_rss(legacy)
    if args.install_sizes:
        results["site_packages_mb"] = install_sizes()
    elif "site_packages_mb" in previous:  # keep the last install measurement
        results["site_packages_mb"] = previous["site_packages_mb"]
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
