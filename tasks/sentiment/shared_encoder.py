"""Measure the memory saved by sharing one MiniLM encoder between pipelines.

    python tasks/sentiment/shared_encoder.py

Loads embeddings, the default sentiment model and the MiniLM spam head in one process, twice
(each in a fresh subprocess): once as taskzoo does (one shared encoder), once with the sharing
cache cleared before every load (each pipeline gets its own encoder). Prints the RSS after each
load.
"""

from __future__ import annotations

import json
import subprocess
import sys

PIPELINES = (("embeddings", None), ("sentiment", "minilm-lora-rt"), ("spam", "minilm-head"))


def child(shared: bool) -> dict[str, float]:
    """RSS (MB) after importing and after loading each pipeline, in this process."""
    import resource

    import taskzoo
    from taskzoo import sharing
    from taskzoo.registry import REGISTRY

    def rss() -> float:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import sentence_transformers  # noqa: F401 - import cost out of the first delta
    import torch  # noqa: F401

    out = {"after imports": round(rss(), 1)}
    keep = []
    for task, model in PIPELINES:
        if model and model not in {c.name for c in REGISTRY.task(task).models}:
            continue
        if not shared:
            sharing.clear()
        pipe = taskzoo.load(task, model=model)
        pipe("warm up")
        keep.append(pipe)
        out[f"+ {task}"] = round(rss(), 1)
    return out


def main() -> None:
    rows = {}
    for shared in (True, False):
        done = subprocess.run([sys.executable, __file__, "--child", str(int(shared))],
                              capture_output=True, text=True, check=True)
        rows["shared encoder" if shared else "one encoder per pipeline"] = json.loads(
            done.stdout.strip().splitlines()[-1])
    names = list(next(iter(rows.values())))
    print("| RSS MB | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for label, row in rows.items():
        print(f"| {label} | " + " | ".join(str(row.get(n, "")) for n in names) + " |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(bool(int(sys.argv[2])))))
    else:
        main()
