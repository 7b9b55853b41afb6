"""Cost per item of ``cascade-broad`` against ``minilm-lora-rt`` alone, measured back to back in
one process (same machine load for both), on the first 640 RT test snippets and the first 640
positive/negative tweets of the tweets test split, at batch 64.

    python tasks/sentiment/cascade_cost.py > tasks/sentiment/results/cascade_cost.txt
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data

import taskzoo as tz

N, BATCH = 640, 64


def timed(pipe: tz.Pipeline, texts: list[str]) -> tuple[float, list]:
    """Wall seconds and results of ``pipe`` over ``texts`` in batches of ``BATCH``."""
    start, out = time.perf_counter(), []
    for i in range(0, len(texts), BATCH):
        out += pipe.predict_batch(texts[i:i + BATCH])
    return time.perf_counter() - start, out


def main() -> None:
    lora, both = tz.load("sentiment", model="minilm-lora-rt"), tz.load("sentiment",
                                                                       model="cascade-broad")
    both.predict_batch(["warm up every member"] * 8)
    lora.predict_batch(["warm up"] * 8)
    print("| set | LoRA s | cascade s | cascade / LoRA | deferred | load avg |")
    print("|---|---|---|---|---|---|")
    for name, texts in (("RT test", data.load("test", "rt")[0][:N]),
                        ("tweets test", data.load("test", "tweets", binary=True)[0][:N])):
        t_lora, _ = timed(lora, texts)
        t_both, results = timed(both, texts)
        deferred = sum(r.deferred for r in results)
        print(f"| {name} ({len(texts)}) | {t_lora:.1f} | {t_both:.1f} | {t_both / t_lora:.2f} | "
              f"{deferred / len(texts):.1%} | {os.getloadavg()[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
