"""The worked example: teach the default NER model DRUG and DOSAGE, and measure before/after.

    python tasks/ner/make_medications.py          # 450 template sentences + 300 rehearsal texts
    python tasks/ner/train_medications.py         # trains, measures, writes the results JSON

Measures, with the models served through ``taskzoo.load("ner", model=...)``:
- old types (PERSON, ORG, GPE, DATE) on tasks/ner/test.jsonl, before (the base model) and after;
- the new types on the hand-written tasks/ner/medications/test.jsonl (read only here, at the end);
- the training time: wall clock on this machine (2 cores shared with other jobs, so an upper
  bound) and the CPU time of the process.
Exact span match, micro-averaged (``taskzoo.training.ner.score``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import taskzoo as tz
from taskzoo.training.ner import score

HERE = Path(__file__).parent
NEW = ("DRUG", "DOSAGE")


def gold(path: Path) -> tuple[list[str], list[list[tuple[int, int, str]]]]:
    """Texts and their spans from a JSONL file of {'text', 'entities'}."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    spans = [[(e["start"], e["end"], e["label"]) if isinstance(e, dict) else tuple(e)
              for e in row["entities"]] for row in rows]
    return [row["text"] for row in rows], spans


def measure(model: str | None) -> dict[str, float]:
    """Old-type F1 on test.jsonl and new-type F1 on medications/test.jsonl for one model."""
    pipe = tz.load("ner", model=model)
    out: dict[str, float] = {}
    for name, path, labels in (("old types", HERE / "test.jsonl", {"PERSON", "ORG", "GPE", "DATE"}),
                               ("new types", HERE / "medications" / "test.jsonl", set(NEW))):
        texts, spans = gold(path)
        found = [[(e.start, e.end, e.label) for e in ents] for ents in pipe(texts)]
        out[f"{name} f1"] = score(found, spans, labels)["f1"]
        if name == "new types":
            for label in NEW:
                out[f"{label} f1"] = score(found, spans, {label})["f1"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "results-medications.json")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {"base (spacy-en-core-web-sm)": measure(None)}
    train = HERE / "medications" / "train.jsonl"
    rehearsal = (HERE / "medications" / "rehearsal.txt").read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        for name, keep in (("+ DRUG, DOSAGE (rehearsal)", True), ("DRUG, DOSAGE only", False)):
            folder = Path(tmp) / ("keep" if keep else "new-only")
            start, cpu = time.time(), time.process_time()
            tz.train("ner", train, output_dir=folder, keep_base_labels=keep, progress=False,
                     rehearsal_texts=rehearsal if keep else None)
            seconds = round(time.time() - start, 1)
            cpu_seconds = round(time.process_time() - cpu, 1)
            card = json.loads((folder / "card.json").read_text())
            results[name] = {**measure(str(folder)), "training seconds": seconds,
                             "training CPU seconds": cpu_seconds,
                             "epochs": card["training"]["epochs_run"],
                             **{f"held-out part: {k}": v for k, v in
                                card["metrics"]["test"].items()}}
            print(name, json.dumps(results[name]))
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
