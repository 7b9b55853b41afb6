"""Evaluate the speech-recognition models: WER per model and clip set, real-time factor.

Clip sets (see data.py): the human-read LibriVox and Beckett clips from the moonshine-voice wheel
("clean read speech"), the two-voice TTS Endgame dialogue, espeak-ng sentences in 4 voices at 3
speeds, and non-speech (two chimes and 10 s of silence, where any word is a hallucination).
Real-time factor = processing seconds / audio seconds on two_cities.wav (44 s), best of
``--repeats`` runs, with CTranslate2 limited to 1 and then 2 threads.

Usage::

    nice -n 10 python tasks/asr/evaluate.py [--models whisper-tiny.en whisper-base]
                                            [--beam 1 5] [--openai PATH.pt] [--out results.json]
                                            [--condition-on-previous-text]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data

import taskzoo as tz

HERE = Path(__file__).resolve().parent
READ = ("two_cities.wav", "beckett.wav")
NON_SPEECH = ("success.wav", "error.wav")


def transcribe_all(pipe: tz.Pipeline, paths: list[Any], **options: Any) -> list[str]:
    """The transcript text of each input."""
    return [pipe(path, **options).text for path in paths]


def word_errors(pipe: tz.Pipeline, espeak: list[tuple[Path, str, str, int]],
                beam: int) -> dict[str, Any]:
    """WER of one pipeline on every clip set, plus words produced on non-speech."""
    out: dict[str, Any] = {}
    for name in (*READ, "endgame_nagg_nell.wav"):
        hyp = pipe(data.moonshine_clip(name), beam_size=beam).text
        out[f"wer {name}"] = data.wer([data.MOONSHINE_CLIPS[name][1]], [hyp])
    refs = [data.MOONSHINE_CLIPS[n][1] for n in READ]
    hyps = transcribe_all(pipe, [data.moonshine_clip(n) for n in READ], beam_size=beam)
    out["wer clean read speech (LibriVox + Beckett)"] = data.wer(refs, hyps)
    hyps = transcribe_all(pipe, [p for p, *_ in espeak], beam_size=beam)
    out["wer espeak-ng (48 sentences)"] = data.wer([t for _, t, *_ in espeak], hyps)
    for voice in data.VOICES:
        pairs = [(t, h) for (_, t, v, _), h in zip(espeak, hyps, strict=True) if v == voice]
        out[f"wer espeak-ng {voice}"] = data.wer(*map(list, zip(*pairs, strict=True)))
    for speed in data.SPEEDS:
        pairs = [(t, h) for (_, t, _, s), h in zip(espeak, hyps, strict=True) if s == speed]
        out[f"wer espeak-ng {speed} wpm"] = data.wer(*map(list, zip(*pairs, strict=True)))
    silence = np.zeros(10 * 16000, dtype=np.float32)
    junk = [pipe(x, beam_size=beam).text for x in
            [data.moonshine_clip(n) for n in NON_SPEECH] + [silence]]
    out["words on non-speech (2 chimes + 10 s silence)"] = sum(len(t.split()) for t in junk)
    return out


def real_time_factor(model: str, threads: int, beam: int, repeats: int,
                     **options: Any) -> dict[str, float]:
    """Processing time / audio duration on two_cities.wav, best of ``repeats`` runs.

    ``wall`` is elapsed time (what a user waits; inflated when other processes share the CPU);
    ``cpu`` is this process's CPU time (all threads summed), which load does not inflate.
    """
    pipe = tz.load("asr", model, cpu_threads=threads, **options)
    path = data.moonshine_clip("two_cities.wav")
    result = pipe(path, beam_size=beam)  # warm-up (loads the model)
    wall = cpu = float("inf")
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        pipe(path, beam_size=beam)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return {"wall": wall / result.duration, "cpu": cpu / result.duration}


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation, print a Markdown table and write the numbers as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", default=["whisper-tiny.en", "whisper-base"])
    parser.add_argument("--beam", nargs="+", type=int, default=[1, 5])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--openai", type=Path, help="also evaluate this openai-whisper .pt")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--condition-on-previous-text", action="store_true",
                        help="feed whisper the previous chunk's text (off in the cards)")
    args = parser.parse_args(argv)

    clips_dir = Path(tempfile.gettempdir()) / "taskzoo-asr-espeak"
    espeak = data.espeak_set(clips_dir)
    results: dict[str, dict[str, Any]] = {}
    models: list[str] = [*args.models, *([str(args.openai)] if args.openai else [])]
    options = {"condition_on_previous_text": True} if args.condition_on_previous_text else {}
    for model in models:
        pipe = tz.load("asr", model, **options)
        for beam in args.beam:
            key = f"{Path(model).name} beam={beam}"
            print(f"evaluating {key} ...", file=sys.stderr)
            row = word_errors(pipe, espeak, beam)
            for threads in (1, 2):
                if model in args.models:
                    rtf = real_time_factor(model, threads, beam, args.repeats, **options)
                    row[f"rtf {threads} thread(s), wall clock"] = rtf["wall"]
                    row[f"rtf {threads} thread(s), cpu time"] = rtf["cpu"]
            row["load average during the run"] = round(os.getloadavg()[0], 1)
            results[key] = row
            print(json.dumps({key: row}, indent=1), file=sys.stderr)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    return 0


def table(results: dict[str, dict[str, Any]]) -> str:
    """The results as a Markdown table, one column per model/beam."""
    names = list(results)
    metrics = list(dict.fromkeys(m for row in results.values() for m in row))
    lines = ["| metric | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for metric in metrics:
        cells = []
        for name in names:
            value = results[name].get(metric)
            if value is None:
                cells.append("–")
            elif metric.startswith("wer"):
                cells.append(f"{100 * value:.1f} %")
            elif metric.startswith("rtf"):
                cells.append(f"{value:.3f}")
            else:
                cells.append(str(value))
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
