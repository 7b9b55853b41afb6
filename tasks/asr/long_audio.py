"""Transcribe a long recording end to end and report accuracy, time and peak memory.

Builds a FLAC of ``--minutes`` minutes from the moonshine-voice clips (two_cities, beckett,
endgame, each followed by 1 s of silence, repeated), transcribes it with ``taskzoo.transcribe``
and prints the WER against the repeated references, CPU and wall time, and the process's peak
resident memory. Run it for a short and a long file: with streaming, peak memory barely moves.

Usage::

    nice -n 10 python tasks/asr/long_audio.py --minutes 33 [--model whisper-tiny.en]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data

import taskzoo as tz

CLIPS = ("two_cities.wav", "beckett.wav", "endgame_nagg_nell.wav")


def build(path: Path, minutes: float) -> tuple[float, list[str]]:
    """Write the long FLAC at 16 kHz; return its duration and the reference texts in order."""
    import soundfile as sf

    from taskzoo.inputs.audio import SAMPLE_RATE, prepare_audio

    pieces = [prepare_audio(data.moonshine_clip(name)).to_numpy() for name in CLIPS]
    pause = np.zeros(SAMPLE_RATE, dtype=np.float32)
    written, refs = 0, []
    with sf.SoundFile(path, "w", samplerate=SAMPLE_RATE, channels=1, format="FLAC") as out:
        while written < minutes * 60 * SAMPLE_RATE:
            for name, samples in zip(CLIPS, pieces, strict=True):
                out.write(np.concatenate([samples, pause]))
                written += len(samples) + len(pause)
                refs.append(data.MOONSHINE_CLIPS[name][1])
    return written / SAMPLE_RATE, refs


def main(argv: list[str] | None = None) -> int:
    """Build, transcribe, report (one JSON line on stdout)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=33.0)
    parser.add_argument("--model", default="whisper-tiny.en")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.flac"
        duration, refs = build(path, args.minutes)
        pipe = tz.load("asr", args.model)
        pipe.load()
        rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start, start_cpu = time.perf_counter(), time.process_time()
        result = pipe(path)
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    report = {
        "model": args.model,
        "audio minutes": round(duration / 60, 1),
        "decoded size if held whole (MB)": round(duration * 16000 * 4 / 1e6),
        "segments": len(result.segments),
        "wer": round(data.wer([" ".join(refs)], [result.text]), 4),
        "cpu seconds per audio second": round(cpu / duration, 4),
        "wall seconds per audio second": round(wall / duration, 4),
        "peak RSS after loading the model (MB)": round(rss_loaded),
        "peak RSS after transcribing (MB)": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
