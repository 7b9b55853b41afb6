"""The openai-whisper backend, on tiny.en converted from the shipped CTranslate2 weights."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from asr_helpers import ROOT, asr_data, clip, pipeline

import taskzoo as tz
from taskzoo.inputs.audio import SAMPLE_RATE

pytest.importorskip("whisper")
pytest.importorskip("faster_whisper")


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """whisper tiny.en as an openai-whisper .pt, made by tasks/asr/convert_ct2_to_openai.py."""
    out = tmp_path_factory.mktemp("openai-whisper") / "tiny.en.pt"
    script = ROOT / "tasks" / "asr" / "convert_ct2_to_openai.py"
    subprocess.run([sys.executable, str(script), str(out)], check=True, timeout=300)
    return out


@pytest.fixture(scope="module")
def openai_pipe(checkpoint: Path) -> tz.Pipeline:
    return pipeline(str(checkpoint), vad=False)


def test_a_pt_path_selects_the_openai_backend(checkpoint: Path) -> None:
    card = tz.resolve("asr", str(checkpoint))
    assert card.backend.endswith("openai_whisper:OpenAIWhisper")
    assert card.extra == "openai-whisper"


def test_same_transcript_as_faster_whisper(openai_pipe: tz.Pipeline, tmp_path: Path) -> None:
    """Greedy decoding of the same weights: the two libraries agree word for word."""
    reference_pipe = pipeline(compute_type="float32", vad=False)
    speech = asr_data().espeak_clip(asr_data().SENTENCES[3], tmp_path / "s.wav", "en-gb", 160)
    clips = [clip("beckett.wav"), speech]
    ours, theirs = openai_pipe(clips, beam_size=1), reference_pipe(clips, beam_size=1)
    for a, b in zip(ours, theirs, strict=True):
        assert a.text == b.text and a.text
        assert a.language == b.language == "en"
        assert [round(s.start) for s in a.segments] == [round(s.start) for s in b.segments]


def test_vad_and_silence(checkpoint: Path) -> None:
    with_vad = pipeline(str(checkpoint))
    assert with_vad(np.zeros(3 * SAMPLE_RATE, dtype=np.float32)).text == ""
    assert with_vad(clip("error.wav")).text == ""
