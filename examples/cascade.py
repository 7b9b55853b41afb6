"""Cascade and ensemble: the fast fastText model answers what it is sure of, the LoRA-MiniLM
default answers the rest; then the same two models voting as an ensemble.

    python examples/cascade.py

When the sentiment validation split is there (``python tasks/sentiment/data.py`` writes it),
the cascade learns on it how far to trust fastText, with two cheap advisors that know words
fastText never saw (the VADER lexicon and static MiniLM token vectors), and picks the threshold;
otherwise a fixed 0.9 on fastText's confidence is used. See docs/distillation.md.
"""

from __future__ import annotations

from pathlib import Path

import taskzoo as tz

VALIDATION = Path(__file__).resolve().parents[1] / "tasks/sentiment/data/validation.jsonl"

fast = tz.load("sentiment", model="fasttext-rt")  # ~0.78 accuracy, >10,000 texts/s
best = tz.load("sentiment", model="minilm-lora-rt")  # more accurate, ~100x slower

if VALIDATION.exists():  # the cheapest threshold within 0.5 points of the large model alone
    both = tz.cascade(fast, best, validation=str(VALIDATION),
                      advisors=["vader", "minilm-static-rt"])
    print(f"threshold {both.threshold:.3f} chosen on {VALIDATION.name}: validation accuracy "
          f"{both.validation['accuracy']:.3f} with {both.validation['deferral']:.0%} deferred "
          f"(large alone {both.validation['large_accuracy']:.3f})")
else:
    both = tz.cascade(fast, best, threshold=0.9)

reviews = [
    "A triumph: funny, moving and beautifully shot.",
    "Dull, predictable and far too long.",
    "It has its moments, though the second half drags.",
    "Not the disaster I was warned about, but hardly a classic either.",
]
for text, result in zip(reviews, both(reviews), strict=True):
    print(f"{result.label:8} {result.score:.2f}  answered by {result.model:15}  {text}")
print(f"{both.deferral_rate:.0%} of these reached the large model")

mean = tz.ensemble([fast, best], method="mean")
print("ensemble (mean):", [r.label for r in mean(reviews)])
