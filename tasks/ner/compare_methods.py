"""The NER training methods side by side on the worked example: spaCy vs a MiniLM token tagger.

    python tasks/ner/make_medications.py          # 450 template sentences + 300 rehearsal texts
    OMP_NUM_THREADS=1 TASKZOO_THREADS=1 python tasks/ner/compare_methods.py

1. **Choice** (validation only): the ``minilm`` method is trained in each mode (``head``: frozen
   encoder + tag layer; ``lora``; ``full`` fine-tune) on ``medications/train.jsonl`` and the
   300 rehearsal texts (the same data the spaCy method gets), with the default 80/10/10 split;
   the mode with the best F1 on the *validation* part carved from the training data (and a
   tenth of the rehearsal texts) is the recommended one (ties, likely on template sentences:
   the lower validation loss, i.e. the mean cross-entropy of the gold word tags). int8 vs
   fp32 is chosen on the same validation part inside each run (``precision="auto"``).
2. **Measurement** (the hand-written test set is read only here): every trained folder, served
   through ``taskzoo.load("ner", model=...)``, on the new types (``medications/test.jsonl``, 107
   hand-written sentences) and the old ones (``test.jsonl``, PERSON/ORG/GPE/DATE), beside the
   spaCy method trained on the same data (with its 300 rehearsal texts, as the recipe in
   ``train_medications.py``). Also: training time (wall clock and process CPU; 2 cores shared
   with other jobs), inference speed (the 107 sentences as one batch, and one by one), and the
   folder's size on disk. Writes ``results-methods.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import taskzoo as tz
from taskzoo.training.ner import score

HERE = Path(__file__).parent
NEW = ("DRUG", "DOSAGE")
OLD = {"PERSON", "ORG", "GPE", "DATE"}
MODES = ("head", "lora", "full")


def gold(path: Path) -> tuple[list[str], list[list[tuple[int, int, str]]]]:
    """Texts and their spans from a JSONL file of {'text', 'entities'}."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    spans = [[(e["start"], e["end"], e["label"]) if isinstance(e, dict) else tuple(e)
              for e in row["entities"]] for row in rows]
    return [row["text"] for row in rows], spans


def size_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6, 2)


def measure(folder: Path | None) -> dict[str, float]:
    """Test-set F1 (old and new types) and inference speed of one trained folder (None: the
    base model)."""
    pipe = tz.load("ner", model=str(folder) if folder else None)
    pipe("warm up: metformin 500 mg")  # loading is not inference
    out: dict[str, float] = {}
    for name, path, labels in (("old types", HERE / "test.jsonl", OLD),
                               ("new types", HERE / "medications" / "test.jsonl", set(NEW))):
        texts, spans = gold(path)
        found = [[(e.start, e.end, e.label) for e in ents] for ents in pipe(texts)]
        assert all(t[e.start:e.end] == e.text for t, ents in zip(texts, pipe(texts), strict=True)
                   for e in ents)
        out[f"{name} f1"] = score(found, spans, labels)["f1"]
        if name == "new types":
            for label in NEW:
                out[f"{label} f1"] = score(found, spans, {label})["f1"]
            start = time.perf_counter()
            pipe(texts)
            out["ms per sentence, batch of 107"] = round(
                1000 * (time.perf_counter() - start) / len(texts), 2)
            start = time.perf_counter()
            for text in texts:
                pipe(text)
            out["ms per sentence, one by one"] = round(
                1000 * (time.perf_counter() - start) / len(texts), 2)
    out["folder MB"] = size_mb(folder) if folder else 12.8
    return out


def trained(folder: Path, **kwargs: object) -> dict[str, object]:
    """Train into ``folder``; the card's validation metrics and the training time."""
    start, cpu = time.time(), time.process_time()
    tz.train("ner", HERE / "medications" / "train.jsonl", output_dir=folder, progress=False,
             **kwargs)
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    return {"training seconds": round(time.time() - start, 1),
            "training CPU seconds": round(time.process_time() - cpu, 1),
            "epochs": card["training"]["epochs_run"],
            "validation f1": card["metrics"]["validation"]["f1"],
            "validation loss": card["metrics"]["validation"].get("loss (torch)"),
            "validation": card["metrics"]["validation"],
            "precision": card.get("precision"),
            "held-out part (test 10 % of train.jsonl)": card["metrics"]["test"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "results-methods.json")
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--skip-spacy", action="store_true")
    args = parser.parse_args()
    rehearsal = (HERE / "medications" / "rehearsal.txt").read_text(encoding="utf-8").splitlines()
    results: dict[str, object] = {
        "machine": f"{os.cpu_count()} CPUs shared with other jobs; "
                   f"TASKZOO_THREADS={os.environ.get('TASKZOO_THREADS', '')}, "
                   f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '')}"}
    with tempfile.TemporaryDirectory() as tmp:
        folders: dict[str, Path] = {}
        choice: dict[str, dict[str, object]] = {}
        for mode in args.modes:  # 1. choice, on the validation part only
            folders[f"minilm {mode}"] = Path(tmp) / f"minilm-{mode}"
            choice[mode] = trained(folders[f"minilm {mode}"], method="minilm", mode=mode,
                                   rehearsal_texts=rehearsal)
            print(mode, json.dumps(choice[mode]), flush=True)
        best = max(args.modes, key=lambda m: (choice[m]["validation f1"],
                                               -choice[m]["validation loss"]))
        results["choice (validation part of train.jsonl)"] = {"modes": choice, "chosen": best}
        if not args.skip_spacy:
            folders["spacy"] = Path(tmp) / "spacy"
            results["spacy training"] = trained(folders["spacy"], method="spacy",
                                                rehearsal_texts=rehearsal)
        measured = {"base (spacy-en-core-web-sm)": measure(None),
                    **{name: measure(folder) for name, folder in folders.items()}}  # 2. test sets
        results["test sets"] = measured
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
