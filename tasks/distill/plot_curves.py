"""Plot the cascade accuracy-vs-deferral curves measured by ``demo.py cascade`` (test split).

    python tasks/distill/plot_curves.py      # writes docs/images/cascade_curves.png

Reads results/cascade-fasttext-rt-minilm-lora-rt[-<advisors>].json; draws each curve, LoRA
alone, the 0.5-point band under it and the one-third deferral budget.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "docs" / "images" / "cascade_curves.png"
STEM = "cascade-fasttext-rt-minilm-lora-rt"
RUNS = {
    "fastText's confidence": f"{STEM}.json",
    "+ vader advisor": f"{STEM}-vader.json",
    "+ vader + minilm-static-rt advisors": f"{STEM}-vader-minilm-static-rt.json",
}


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=120)
    large = None
    for label, name in RUNS.items():
        run = json.loads((HERE / "results" / name).read_text())
        large = run["accuracy"]["large_test"]
        deferral = [p[1] * 100 for p in run["curve"]]
        accuracy = [p[2] for p in run["curve"]]
        ax.plot(deferral, accuracy, label=label, linewidth=1.6)
    assert large is not None
    ax.axhline(large, color="black", linewidth=1, label=f"LoRA-MiniLM alone ({large:.3f})")
    ax.axhspan(large - 0.005, large, color="grey", alpha=0.2, label="within 0.5 points of LoRA")
    ax.axvline(100 / 3, color="red", linestyle="--", linewidth=1, label="one third deferred")
    ax.set(xlim=(0, 100), ylim=(0.77, 0.85), xlabel="items sent to LoRA-MiniLM (%)",
           ylabel="accuracy (RT test, 1,275)",
           title="Cascade fastText → LoRA-MiniLM: accuracy vs deferral")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
