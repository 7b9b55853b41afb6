"""Foundation benchmark: import cost, first-call load time per text task, and taskzoo's overhead
over calling the same models directly (sentence-transformers for embeddings, spaCy for NER).

Run: python benchmarks/foundation.py  (numbers go to docs/benchmarks-foundation.md by hand)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import taskzoo as tz

SENTENCES = [
    f"Sentence {i}: Alice from Acme Corp flew to Berlin on Monday to meet the team about the "
    f"{topic} project, which is running {i % 7} weeks late."
    for i, topic in enumerate(["billing", "search", "mobile", "data", "security"] * 26)
]


def import_time_ms(repeats: int = 7) -> float:
    """Median wall time of `import taskzoo` in a fresh interpreter, in milliseconds."""
    code = "import time; t=time.perf_counter(); import taskzoo; print(time.perf_counter()-t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs) * 1000


def best_rate(fn: Callable[[list[str]], object], batch: int, rounds: int = 3) -> float:
    """Items per second (best of ``rounds``) running ``fn`` over SENTENCES in batches."""
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        for i in range(0, len(SENTENCES), batch):
            fn(SENTENCES[i:i + batch])
        best = max(best, len(SENTENCES) / (time.perf_counter() - started))
    return best


def main() -> None:
    """Print the benchmark as Markdown tables."""
    print(f"import taskzoo: {import_time_ms():.1f} ms (median of 7 fresh interpreters)\n")
    print("| task | first-call load (s) |\n|---|---|")
    pipes = {}
    for task in ("embeddings", "langid", "ner"):
        pipe = tz.load(task)
        started = time.perf_counter()
        pipe(SENTENCES[0])
        print(f"| {task} | {time.perf_counter() - started:.2f} |")
        pipes[task] = pipe

    encoder = pipes["embeddings"].load().model  # the very same SentenceTransformer object
    nlp = pipes["ner"].load().nlp  # the very same spaCy pipeline
    print("\n| workload | batch | taskzoo items/s | direct items/s | overhead |")
    print("|---|---|---|---|---|")
    rows = [
        ("embeddings", 1, lambda b: pipes["embeddings"](b, batch_size=1),
         lambda b: encoder.encode(b, batch_size=1, normalize_embeddings=True)),
        ("embeddings", 64, lambda b: pipes["embeddings"](b, batch_size=64),
         lambda b: encoder.encode(b, batch_size=64, normalize_embeddings=True)),
        ("ner", 64, lambda b: pipes["ner"](b, batch_size=64),
         lambda b: [d.ents for d in nlp.pipe(b, batch_size=64)]),
    ]
    for name, batch, ours, direct in rows:
        # Alternate the two, one round each, so a busy machine slows both alike.
        ours_rate = theirs_rate = 0.0
        for _ in range(5):
            theirs_rate = max(theirs_rate, best_rate(direct, batch, rounds=1))
            ours_rate = max(ours_rate, best_rate(ours, batch, rounds=1))
        overhead = (theirs_rate - ours_rate) / theirs_rate * 100
        print(f"| {name} | {batch} | {ours_rate:,.0f} | {theirs_rate:,.0f} | {overhead:+.1f} % |")


if __name__ == "__main__":
    main()
