"""ASR vocabulary hints, measured: term error rate and WER with and without ``hotwords`` /
``initial_prompt`` on espeak-ng clips of sentences with drug names, product names and surnames.

    python tasks/asr/hotwords.py [--model whisper-tiny.en] [--out tasks/asr/results-hotwords.json]

The sentences and their rare terms were written for this measurement. Each is read by two
espeak-ng voices (en-us, en-gb) at 160 words per minute. The hint given is the same for every
clip: the whole list of rare terms (a user's domain vocabulary), never the clip's own terms alone.
Term error rate = share of term occurrences missing from the normalised transcript (a term
counts as found only when all its words appear in sequence); WER over all words (jiwer,
tasks/asr/data.py normalisation).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import taskzoo as tz

HERE = Path(__file__).parent

SENTENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The patient was switched from Xarelto to Eliquis last month.", ("Xarelto", "Eliquis")),
    ("Please renew her prescription for levetiracetam before Friday.", ("levetiracetam",)),
    ("Doctor Nguyen added empagliflozin to the metformin.",
     ("Nguyen", "empagliflozin", "metformin")),
    ("Mister Szczepanski reacted badly to the amoxicillin.", ("Szczepanski", "amoxicillin")),
    ("Her Ozempic pen arrived on Monday with the Jardiance refill.", ("Ozempic", "Jardiance")),
    ("Send the Kubernetes logs and the Grafana dashboard to Okonkwo.",
     ("Kubernetes", "Grafana", "Okonkwo")),
    ("The Roomba got stuck under the sofa again.", ("Roomba",)),
    ("Ask Mrs Featherstone to call the Tineco support line.", ("Featherstone", "Tineco")),
    ("We ordered three Raspberry Pi boards and a Logitech webcam.",
     ("Raspberry Pi", "Logitech")),
    ("Professor Ramaswamy will present the results on Thursday.", ("Ramaswamy",)),
    ("Start hydroxychloroquine and stop the prednisolone.",
     ("hydroxychloroquine", "prednisolone")),
    ("The Kowalczyk family flew home with their Dyson fan.", ("Kowalczyk", "Dyson")),
)
VOICES = ("en-us", "en-gb")
SPEED = 160
TERMS = sorted({term for _, terms in SENTENCES for term in terms})
PROMPT = "Glossary: " + ", ".join(TERMS) + "."
CONDITIONS: dict[str, dict[str, object]] = {
    "no hint": {},
    "hotwords": {"hotwords": TERMS},
    "initial_prompt": {"initial_prompt": PROMPT},
}


def asr_data() -> ModuleType:
    """tasks/asr/data.py (tasks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("tasks_asr_data", HERE / "data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def term_errors(terms: tuple[str, ...], hypothesis: str, normalize: Callable[[str], str]) -> int:
    """How many of ``terms`` are missing from ``hypothesis`` (after normalisation)."""
    words = f" {normalize(hypothesis)} "
    return sum(f" {normalize(term)} " not in words for term in terms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="whisper-tiny.en")
    parser.add_argument("--out", type=Path, default=HERE / "results-hotwords.json")
    args = parser.parse_args()
    data = asr_data()
    pipe = tz.load("asr", model=args.model)
    results: dict[str, object] = {"model": args.model, "clips": len(SENTENCES) * len(VOICES),
                                  "terms": len(TERMS), "hint": PROMPT}
    with tempfile.TemporaryDirectory() as tmp:
        clips = [(data.espeak_clip(text, Path(tmp) / f"{voice}-{i}.wav", voice, SPEED), text,
                  terms) for voice in VOICES for i, (text, terms) in enumerate(SENTENCES)]
        for name, options in CONDITIONS.items():
            hyps = [pipe(path, **options).text for path, _, _ in clips]
            missed = sum(term_errors(terms, hyp, data.normalize)
                         for (_, _, terms), hyp in zip(clips, hyps, strict=True))
            total = sum(len(terms) for _, _, terms in clips)
            results[name] = {
                "term error rate": round(missed / total, 3),
                "wer": round(data.wer([text for _, text, _ in clips], hyps), 3),
                "transcripts": hyps,
            }
            print(name, results[name]["term error rate"], results[name]["wer"], flush=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
