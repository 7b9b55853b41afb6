"""How sure is "MiniLM beats spaCy" on 107 hand-written sentences? A paired bootstrap.

    OMP_NUM_THREADS=1 TASKZOO_THREADS=1 python tasks/ner/bootstrap_methods.py

Retrains the two methods exactly as ``compare_methods.py`` does (same data, same seeds; the
MiniLM mode is the one that script chose on validation), predicts the hand-written test set once
with each, and resamples the 107 sentences with replacement (10,000 times, seeded): the share of
resamples in which MiniLM's new-type F1 is higher, and a 95 % interval of the difference.
Writes ``results-bootstrap.json``.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

import taskzoo as tz
from taskzoo.training.ner import score

HERE = Path(__file__).parent
NEW = {"DRUG", "DOSAGE"}


def gold(path: Path) -> tuple[list[str], list[list[tuple[int, int, str]]]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    spans = [[(e["start"], e["end"], e["label"]) if isinstance(e, dict) else tuple(e)
              for e in row["entities"]] for row in rows]
    return [row["text"] for row in rows], spans


def main() -> None:
    chosen = json.loads((HERE / "results-methods.json").read_text())[
        "choice (validation part of train.jsonl)"]["chosen"]
    rehearsal = (HERE / "medications" / "rehearsal.txt").read_text(encoding="utf-8").splitlines()
    texts, spans = gold(HERE / "medications" / "test.jsonl")
    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, kwargs in (("spacy", {"method": "spacy"}),
                             (f"minilm {chosen}", {"method": "minilm", "mode": chosen})):
            folder = Path(tmp) / name.replace(" ", "-")
            tz.train("ner", HERE / "medications" / "train.jsonl", output_dir=folder,
                     rehearsal_texts=rehearsal, progress=False, **kwargs)
            found[name] = [[(e.start, e.end, e.label) for e in ents]
                           for ents in tz.load("ner", model=str(folder))(texts)]
    a, b = found["spacy"], found[f"minilm {chosen}"]
    rng = random.Random(0)
    diffs = []
    for _ in range(10_000):
        rows = [rng.randrange(len(texts)) for _ in texts]
        truth = [spans[i] for i in rows]
        diffs.append(score([b[i] for i in rows], truth, NEW)["f1"]
                     - score([a[i] for i in rows], truth, NEW)["f1"])
    diffs.sort()
    result = {
        "new types f1": {"spacy": score(a, spans, NEW)["f1"],
                         f"minilm {chosen}": score(b, spans, NEW)["f1"]},
        "difference (minilm - spacy)": round(score(b, spans, NEW)["f1"]
                                             - score(a, spans, NEW)["f1"], 4),
        "95 % interval of the difference": [round(diffs[249], 4), round(diffs[9749], 4)],
        "share of resamples where minilm is higher": round(sum(d > 0 for d in diffs) / 1e4, 4),
        "resamples": 10_000, "sentences": len(texts),
    }
    (HERE / "results-bootstrap.json").write_text(json.dumps(result, indent=2) + "\n",
                                                 encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
