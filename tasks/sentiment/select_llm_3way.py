"""Choose SmolLM2's three-way sentiment prompt and scoring on tweets validation data only.

    python tasks/sentiment/select_llm_3way.py > tasks/sentiment/results/select_llm_3way.txt

The LLM baseline answers with the allowed label whose first token it finds likeliest after the
prompt (one forward pass, :meth:`taskzoo.backends.llm.ChatModel.choice_probs`). Candidates:

* prompts: two instructions (a bare question; one saying what each label means) × no examples,
  three hand-written examples (one per label) or six (two per label); every example is written
  for this script (short posts about products and services), none is taken from any split;
* scoring: the plain argmax, or the argmax after a per-label prior correction (each label's
  probability divided by its mean over the fitting items, the idea of batch / domain-context
  calibration: no labels are used to fit it), or after a content-free correction (divided by
  the probabilities the prompt gives the text "N/A", Zhao et al. 2021).

Rule, fixed before the run: the (prompt, scoring) with the best macro-F1 on sample A (300
seeded tweets of the validation split) is chosen; it is then reported on sample B (another 300
validation tweets, disjoint) with the correction fitted on A, as a check of the choice. The test
split and the cross-domain check set are not read.
"""

from __future__ import annotations

import math
import random
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data

from taskzoo.backends.llm import ChatModel
from taskzoo.backends.llm_tasks import SHOTS as LLM_SHOTS
from taskzoo.backends.llm_tasks import TaskPrompt
from taskzoo.catalog.llm import SMOLLM2
from taskzoo.training.calibrate import classification_metrics

LABELS = ("negative", "neutral", "positive")
SAMPLE = 300
BATCH = 16
ANSWER = " Answer with exactly one of: negative, neutral, positive."
QUESTIONS = {
    "bare": "Is the sentiment of the user's text positive, negative or neutral?",
    "defined": "What opinion does the user's text express? positive: praise, thanks or "
               "pleasure; negative: a complaint, criticism or disappointment; neutral: no "
               "opinion (a fact, news or a question).",
}
# the six hand-written shots the catalog ships (llm_tasks.SHOTS["sentiment-3way"]): two per
# label; the 3-shot candidate takes one of each
_SIX = LLM_SHOTS["sentiment-3way"]
SHOTS = {"0": (), "3": (_SIX[0], _SIX[2], _SIX[1]), "6": _SIX}


def prompt(question: str, shots: str) -> TaskPrompt:
    """One candidate prompt."""
    return TaskPrompt("label", QUESTIONS[question] + ANSWER, SHOTS[shots], LABELS,
                      answers=LABELS)


def samples() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Two disjoint seeded samples of the tweets validation split (A: choose, B: check)."""
    rows = list(zip(*data.load("validation", "tweets"), strict=True))
    random.Random(data.SEED).shuffle(rows)
    return rows[:SAMPLE], rows[SAMPLE:2 * SAMPLE]


def cpu_seconds() -> float:
    """CPU time of this process so far (all threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def probs_of(model: ChatModel, candidate: TaskPrompt, texts: Sequence[str]) -> list[list[float]]:
    """Each text's renormalised probability of every label."""
    out: list[list[float]] = []
    for start in range(0, len(texts), BATCH):
        got = model.choice_probs([candidate.messages(t) for t in texts[start:start + BATCH]],
                                 list(LABELS))
        assert got is not None, "the labels share a first token"
        out += got
    return out


def mean_prior(probs: list[list[float]]) -> list[float]:
    """Log-offsets dividing each label's probability by its mean over ``probs``."""
    return [-math.log(sum(row[k] for row in probs) / len(probs)) for k in range(len(LABELS))]


def scored(probs: list[list[float]], gold: Sequence[str],
           bias: Sequence[float]) -> dict[str, float]:
    """Accuracy, macro-F1 and the predicted label shares after ``bias``."""
    pred = [max(range(len(LABELS)), key=lambda k, row=row: math.log(row[k] + 1e-12) + bias[k])
            for row in probs]
    row = classification_metrics([LABELS.index(g) for g in gold], pred, list(LABELS))
    shares = {label: round(pred.count(k) / len(pred), 2) for k, label in enumerate(LABELS)}
    return {"accuracy": row["accuracy"], "macro_f1": row["macro_f1"], **shares}


def main() -> None:
    sample_a, sample_b = samples()
    started, cpu0 = time.perf_counter(), cpu_seconds()
    model = ChatModel(SMOLLM2.locate())
    texts_a, gold_a = [t for t, _ in sample_a], [g for _, g in sample_a]
    print(f"sample A: {len(sample_a)} validation tweets "
          f"{ {label: gold_a.count(label) for label in LABELS} }\n")
    print("| prompt | scoring | accuracy | macro-F1 | predicted neg / neu / pos | bias |")
    print("|---|---|---|---|---|---|")
    best: tuple[float, str, str, str, list[float]] | None = None
    for question in QUESTIONS:
        for shots in SHOTS:
            candidate = prompt(question, shots)
            probs = probs_of(model, candidate, texts_a)
            content_free = probs_of(model, candidate, ["N/A"])[0]
            corrections = {"argmax": [0.0] * len(LABELS), "mean prior": mean_prior(probs),
                           "content-free": [-math.log(p) for p in content_free]}
            for scoring, bias in corrections.items():
                row = scored(probs, gold_a, bias)
                print(f"| {question}, {shots} shots | {scoring} | {row['accuracy']:.3f} | "
                      f"{row['macro_f1']:.3f} | {row['negative']:.2f} / {row['neutral']:.2f} / "
                      f"{row['positive']:.2f} | {', '.join(f'{b:+.3f}' for b in bias)} |",
                      flush=True)
                if best is None or row["macro_f1"] > best[0]:
                    best = (row["macro_f1"], question, shots, scoring, bias)
    assert best is not None
    _, question, shots, scoring, bias = best
    # offsets relative to the first label (only differences matter for the argmax)
    bias = [round(b - bias[0], 3) for b in bias]
    candidate = prompt(question, shots)
    texts_b, gold_b = [t for t, _ in sample_b], [g for _, g in sample_b]
    row = scored(probs_of(model, candidate, texts_b), gold_b, bias)
    print(f"\nchosen on A: {question}, {shots} shots, {scoring}; answer_bias "
          f"{dict(zip(LABELS, bias, strict=True))}")
    print(f"sample B ({len(sample_b)} other validation tweets "
          f"{ {label: gold_b.count(label) for label in LABELS} }): accuracy "
          f"{row['accuracy']:.3f}, macro-F1 {row['macro_f1']:.3f}, predicted neg / neu / pos "
          f"{row['negative']:.2f} / {row['neutral']:.2f} / {row['positive']:.2f}")
    print(f"\n{time.perf_counter() - started:.0f} s wall, {cpu_seconds() - cpu0:.0f} CPU-s")


if __name__ == "__main__":
    main()
