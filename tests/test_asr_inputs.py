"""Audio inputs: formats, conversions, streaming and bad input (no model needed)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from taskzoo.errors import InvalidInputError
from taskzoo.inputs.audio import SAMPLE_RATE, Audio, prepare_audio
from taskzoo.results import Segment, Transcript

sf = pytest.importorskip("soundfile")
av = pytest.importorskip("av")


def tone(seconds: float, rate: int, freq: float = 440.0) -> np.ndarray:
    """A float32 sine tone at half scale."""
    t = np.arange(round(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def encode(path: Path, samples: np.ndarray, rate: int, codec: str, fmt: str | None = None) -> Path:
    """Write mono float32 ``samples`` with PyAV (for mp3 / m4a, which soundfile may not write)."""
    with av.open(str(path), "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=rate)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same 2 s tone at 44.1 kHz in every supported container."""
    folder = tmp_path_factory.mktemp("asr-inputs")
    samples = tone(2.0, 44100)
    out = {}
    for ext, fmt in (("wav", "WAV"), ("flac", "FLAC"), ("ogg", "OGG")):
        out[ext] = folder / f"tone.{ext}"
        sf.write(out[ext], samples, 44100, format=fmt)
    out["mp3"] = encode(folder / "tone.mp3", samples, 44100, "mp3")
    out["m4a"] = encode(folder / "tone.m4a", samples, 44100, "aac", "mp4")
    return out


@pytest.mark.parametrize("ext", ["wav", "flac", "ogg", "mp3", "m4a"])
def test_every_container_decodes_to_16k_mono(files: dict[str, Path], ext: str) -> None:
    audio = prepare_audio(files[ext])
    samples = audio.to_numpy()
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert abs(len(samples) / SAMPLE_RATE - 2.0) < 0.1  # codecs pad a few ms
    assert abs(audio.duration - 2.0) < 0.1
    spectrum = np.abs(np.fft.rfft(samples[4000:20000]))
    assert abs(np.argmax(spectrum) * SAMPLE_RATE / 16000 - 440) < 5  # still a 440 Hz tone


def test_bytes_and_str_path_match_path(files: dict[str, Path]) -> None:
    from_path = prepare_audio(files["flac"]).to_numpy()
    assert np.array_equal(prepare_audio(files["flac"].read_bytes()).to_numpy(), from_path)
    assert np.array_equal(prepare_audio(str(files["flac"])).to_numpy(), from_path)
    assert len(prepare_audio(files["m4a"].read_bytes()).to_numpy()) > 30000


def test_numpy_conversions() -> None:
    mono = tone(1.0, SAMPLE_RATE)
    assert prepare_audio(mono).to_numpy() is not None
    as_int16 = (mono * 32767).astype(np.int16)
    assert np.allclose(prepare_audio(as_int16).to_numpy(), mono, atol=1e-3)
    assert np.allclose(prepare_audio(mono.astype(np.float64)).to_numpy(), mono)
    stereo = np.stack([mono, np.zeros_like(mono)], axis=1)
    assert np.allclose(prepare_audio(stereo).to_numpy(), mono / 2)
    assert np.allclose(prepare_audio(stereo.T).to_numpy(), mono / 2)
    resampled = prepare_audio({"array": tone(1.0, 8000), "sampling_rate": 8000}).to_numpy()
    assert abs(len(resampled) - SAMPLE_RATE) < 100
    spectrum = np.abs(np.fft.rfft(resampled[2000:14000]))
    assert abs(np.argmax(spectrum) * SAMPLE_RATE / 12000 - 440) < 5


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (np.array([0.1, np.nan, 0.2], dtype=np.float32), "NaN"),
        (np.array([0.1, np.inf], dtype=np.float32), "NaN or infinite"),
        (np.zeros((16000, 3), dtype=np.float32), "shape"),
        (np.zeros(16000, dtype=np.complex64), "dtype"),
        (np.array(["a", "b"]), "dtype"),
        (np.zeros(0, dtype=np.float32), "no audio samples"),
        (b"", "empty"),
        (12345, "expected audio"),
        ({"array": np.zeros(100, dtype=np.float32)}, "sampling_rate"),
        ({"array": np.zeros(100, dtype=np.float32), "sampling_rate": 0}, "sampling_rate"),
    ],
)
def test_bad_arrays_and_values_are_refused(bad: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        prepare_audio(bad)


def test_bad_files_are_refused(tmp_path: Path, files: dict[str, Path]) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    text = tmp_path / "notes.wav"
    text.write_text("this is a text file, not audio\n" * 20)
    garbage = tmp_path / "noise.mp3"
    garbage.write_bytes(np.random.default_rng(0).bytes(5000))
    header_only = tmp_path / "header.wav"
    header_only.write_bytes(files["wav"].read_bytes()[:44])
    for path, message in ((empty, "empty"), (text, "not readable audio"),
                          (garbage, "not readable audio"), (header_only, "no audio|not readable"),
                          (tmp_path / "missing.wav", "no audio file")):
        with pytest.raises(InvalidInputError, match=message):
            prepare_audio(path)


def test_truncated_file_gives_what_is_there(tmp_path: Path, files: dict[str, Path]) -> None:
    for ext in ("wav", "mp3"):
        data = files[ext].read_bytes()
        cut = tmp_path / f"cut.{ext}"
        cut.write_bytes(data[: len(data) // 2])
        samples = prepare_audio(cut).to_numpy()
        assert 0.5 * SAMPLE_RATE < len(samples) < 1.5 * SAMPLE_RATE


def test_windows_cover_everything_and_cut_at_pauses() -> None:
    # 25 one-second tones separated by 0.4 s of silence
    beep = np.concatenate([tone(1.0, SAMPLE_RATE), np.zeros(6400, dtype=np.float32)])
    samples = np.tile(beep, 25)
    windows = list(Audio("beeps", len(samples) / SAMPLE_RATE, array=samples).windows(5.0, 2.0))
    assert np.array_equal(np.concatenate([w for _, w in windows]), samples)
    assert all(len(w) <= 5 * SAMPLE_RATE for _, w in windows)
    starts = [start for start, _ in windows]
    assert starts == sorted(starts) and starts[0] == 0.0
    for start, window in windows[:-1]:  # every cut falls in a silent gap
        end = round(start * SAMPLE_RATE) + len(window)
        assert np.abs(samples[end - 400:end + 400]).max() == 0.0


def _streaming_peak(path: Path, window: float) -> tuple[int, int]:
    """(samples seen, peak traced bytes) while iterating a file's windows."""
    audio = prepare_audio(path)
    tracemalloc.start()
    total = 0
    try:
        for _, samples in audio.windows(window):
            total += len(samples)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return total, peak


def test_long_file_streams_without_decoding_it_whole(tmp_path: Path) -> None:
    """A 32-minute file goes through in windows: peak memory does not grow with its length."""
    rate = 8000
    peaks = {}
    for minutes in (8, 32):
        path = tmp_path / f"long{minutes}.wav"
        with sf.SoundFile(path, "w", samplerate=rate, channels=1, subtype="PCM_16") as out:
            for _ in range(minutes):
                out.write(tone(60.0, rate, 220.0))
        assert abs(prepare_audio(path).duration - minutes * 60) < 0.01
        total, peaks[minutes] = _streaming_peak(path, 60.0)
        assert abs(total - minutes * 60 * SAMPLE_RATE) < SAMPLE_RATE
    decoded_size = 32 * 60 * SAMPLE_RATE * 4  # 123 MB as 16 kHz float32
    assert peaks[32] < decoded_size / 4, f"peak {peaks[32] / 1e6:.0f} MB while streaming"
    assert peaks[32] < 1.3 * peaks[8], f"memory grows with length: {peaks}"


def test_subtitles() -> None:
    transcript = Transcript(
        text="Hello there. General Kenobi.", language="en", duration=3725.5,
        segments=[Segment(0.0, 1.5, " Hello there."), Segment(1.5, 2.0, "  "),
                  Segment(3723.25, 3725.5, "General Kenobi.")],
    )
    assert transcript.to_srt() == (
        "1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n"
        "2\n01:02:03,250 --> 01:02:05,500\nGeneral Kenobi.\n"
    )
    assert transcript.to_vtt() == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello there.\n\n"
        "01:02:03.250 --> 01:02:05.500\nGeneral Kenobi.\n"
    )
    assert transcript.to_dict()["segments"][0] == {
        "start": 0.0, "end": 1.5, "text": " Hello there.", "words": None}
    assert Transcript(text="").to_srt() == ""
