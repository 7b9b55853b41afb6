"""Label vocabulary words with a MiniLM sentiment model, keeping the confident ones.

    python tasks/sentiment/label_words.py --teacher minilm-lora-broad --out data/teacher-words.jsonl

The words are the whole-word entries of MiniLM's WordPiece vocabulary (lower-case letters, at
least 3 characters; ~20,000): the words the encoder has a vector for, so a MiniLM model can
judge each one on its own. Each word is classified alone; a word is kept when the teacher's
calibrated probability of its label is at least ``--min-prob``. The output (``{"text",
"label", "p"}`` rows) feeds ``select_fasttext_words.py --teacher-words``: word-level knowledge
the teacher has from pre-training and fastText cannot get from RT and tweets. No labelled text
of any data set is read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data

import taskzoo as tz
from taskzoo.weights import Asset

WORD = re.compile(r"^[a-z]{3,}$")


def vocabulary() -> list[str]:
    """Whole-word entries of MiniLM's tokenizer vocabulary."""
    folder = Asset(filename="minilm-l6-onnx").locate()
    vocab = json.loads((folder / "tokenizer.json").read_text())["model"]["vocab"]
    return sorted(w for w in vocab if WORD.match(w))


def label(teacher_name: str, min_prob: float, out: Path) -> list[tuple[str, str]]:
    """Write the confidently labelled words to ``out`` and return them as ``(word, label)``."""
    words = vocabulary()
    teacher = tz.load("sentiment", model=teacher_name)
    rows = []
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for start in range(0, len(words), 512):
            chunk = words[start:start + 512]
            for word, result in zip(chunk, teacher(chunk), strict=True):
                if result.score >= min_prob:
                    handle.write(json.dumps({"text": word, "label": result.label,
                                             "p": round(result.score, 4)}) + "\n")
                    rows.append((word, result.label))
    return rows


def teacher_words(teacher_name: str, min_prob: float) -> list[tuple[str, str]]:
    """The labelled words of ``teacher_name`` (cached in the data folder)."""
    path = data.DATA / f"teacher-words-{teacher_name}-{min_prob}.jsonl"
    if path.exists():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [(r["text"], r["label"]) for r in rows]
    return label(teacher_name, min_prob, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teacher", default="minilm-lora-rt")
    parser.add_argument("--min-prob", type=float, default=0.9)
    parser.add_argument("--out", type=Path, default=data.DATA / "teacher-words.jsonl")
    args = parser.parse_args()
    rows = label(args.teacher, args.min_prob, args.out)
    print(f"{len(vocabulary())} words, {len(rows)} kept (p >= {args.min_prob}) -> {args.out}")


if __name__ == "__main__":
    main()
