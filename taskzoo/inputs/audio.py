"""Audio inputs: files, bytes and numpy arrays become one lazily decoded :class:`Audio`.

Speech models want 16 kHz mono float32 samples in [-1, 1]. A user may pass a path (wav, flac, ogg,
mp3, m4a, ... decoded with soundfile, then PyAV), the bytes of such a file, a numpy array already at
16 kHz, or ``{"array": samples, "sampling_rate": rate}`` (Hugging Face datasets' audio format) for
another rate. Stereo is averaged to mono; integer samples are scaled to [-1, 1]; other rates are
resampled with libswresample (PyAV).

Files are *not* decoded here: :func:`prepare_audio` only checks that the file opens and holds
audio, and the backend pulls 16 kHz blocks from :meth:`Audio.blocks` or cut-at-a-pause windows from
:meth:`Audio.windows`. A 30-minute recording therefore never sits in memory decoded twice (nor
once, in full), whatever its format.
"""

from __future__ import annotations

import io
import math
import numbers
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.errors import InvalidInputError, MissingDependencyError
from taskzoo.inputs import refuse_url
from taskzoo.inputs.paths import existing_file

if TYPE_CHECKING:
    import numpy as np

#: The sample rate every speech model here expects.
SAMPLE_RATE = 16_000

EXPECTED = (
    "audio as a file path (wav, flac, ogg, mp3, m4a, ...), bytes of such a file, a float32 mono "
    "numpy array at 16 kHz (sample_rate= for another rate), or {'array': samples, "
    "'sampling_rate': rate}"
)

#: Sampling rates accepted for arrays, in Hz (telephone audio to studio 768 kHz).
MIN_RATE, MAX_RATE = 1_000, 768_000

#: Longest recording accepted as an in-memory array (files have no limit: they are streamed).
MAX_ARRAY_SECONDS = 4 * 3600

#: Seconds of audio decoded at a time when streaming a file.
DECODE_SECONDS = 30.0


@dataclass(frozen=True, eq=False)
class Audio:
    """One recording, ready for a speech model, decoded on demand at 16 kHz mono float32.

    ``duration`` is in seconds (read from the file header for files, so it can be approximate for
    compressed formats). Use :meth:`blocks` or :meth:`windows` to stream it, :meth:`to_numpy` to
    get all samples at once.
    """

    name: str
    duration: float
    array: np.ndarray | None = field(default=None, repr=False)
    path: Path | None = None
    data: bytes | None = field(default=None, repr=False)

    def to_numpy(self) -> np.ndarray:
        """All samples as one float32 array (decodes the whole file: mind long recordings)."""
        import numpy as np

        if self.array is not None:
            return self.array
        pieces = list(self.blocks(DECODE_SECONDS))
        return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)

    def blocks(self, seconds: float = DECODE_SECONDS) -> Iterator[np.ndarray]:
        """Yield consecutive float32 blocks of ``seconds`` (the last one may be shorter)."""
        size = max(1, round(seconds * SAMPLE_RATE))
        if self.array is not None:
            for start in range(0, len(self.array), size):
                yield self.array[start:start + size]
            return
        yield from _rechunk(self._decode(), size)

    def windows(
        self, seconds: float, search: float = 5.0
    ) -> Iterator[tuple[float, np.ndarray]]:
        """Yield ``(start_seconds, samples)`` windows of at most ``seconds``, cut at a pause.

        Each cut is placed at the quietest 100 ms within the last ``search`` seconds of the window,
        so words are rarely split; what follows the cut starts the next window. Memory stays at
        about one window however long the recording is.
        """
        import numpy as np

        size = max(1, round(seconds * SAMPLE_RATE))
        buffer = np.zeros(0, dtype=np.float32)
        offset = 0
        for block in self.blocks(min(seconds, DECODE_SECONDS)):
            buffer = np.concatenate([buffer, block]) if len(buffer) else block
            while len(buffer) > size:
                cut = _quiet_cut(buffer[:size], round(search * SAMPLE_RATE))
                yield offset / SAMPLE_RATE, buffer[:cut]
                offset += cut
                buffer = buffer[cut:]
        if len(buffer) or offset == 0:
            yield offset / SAMPLE_RATE, buffer

    def _decode(self) -> Iterator[np.ndarray]:
        source = self.path if self.path is not None else self.data
        assert source is not None
        try:
            yield from _decode_soundfile(source)
        except _NotSoundfile:
            yield from _decode_av(source, self.name)


def prepare_audio(item: Any, sample_rate: float | None = None) -> Audio:
    """Return ``item`` as an :class:`Audio`, or raise InvalidInputError saying what is wrong.

    ``sample_rate`` is the rate of a numpy array input (default 16 kHz; any other rate is
    resampled); files and bytes carry their own rate, so for them it must be None."""
    if isinstance(item, Audio):
        return item
    if sample_rate is not None and not (type(item).__module__ == "numpy"
                                        and hasattr(item, "shape")):
        raise InvalidInputError(
            f"sample_rate= applies to numpy arrays only; a {type(item).__name__} input carries "
            "its own rate (pass the file or bytes without sample_rate=)")
    refuse_url(item)
    if isinstance(item, (str, Path)):
        path = existing_file(item, "audio", EXPECTED)
        if path.stat().st_size == 0:
            raise InvalidInputError(f"the audio file {str(path)!r} is empty (0 bytes)")
        return _probe(path, str(path))
    if isinstance(item, (bytes, bytearray, memoryview)):
        if len(item) == 0:
            raise InvalidInputError("the audio bytes are empty")
        return _probe(bytes(item), "the audio bytes")
    if isinstance(item, dict):
        if "array" not in item or "sampling_rate" not in item:
            raise InvalidInputError(
                f"an audio dict needs the keys 'array' and 'sampling_rate'; expected {EXPECTED}"
            )
        return from_array(item["array"], item["sampling_rate"])
    if type(item).__module__ == "numpy" and hasattr(item, "shape"):
        return from_array(item, SAMPLE_RATE if sample_rate is None else sample_rate)
    raise InvalidInputError(f"expected {EXPECTED}, got {type(item).__name__}")


def from_array(array: Any, sampling_rate: Any = SAMPLE_RATE, name: str = "the array") -> Audio:
    """Samples (mono ``(n,)`` or stereo ``(n, 2)``/``(2, n)``) at ``sampling_rate`` as Audio."""
    import numpy as np

    if not isinstance(sampling_rate, numbers.Real) or isinstance(sampling_rate, bool) \
            or not math.isfinite(sampling_rate) \
            or not MIN_RATE <= sampling_rate <= MAX_RATE:
        raise InvalidInputError(
            f"sampling_rate must be a number of Hz from {MIN_RATE:,} to {MAX_RATE:,}, got "
            f"{sampling_rate!r:.40}"
        )
    try:
        arr = np.asarray(array)
    except (ValueError, TypeError) as exc:  # a ragged nested list, ...
        raise InvalidInputError(f"{name} is not an array of samples: {exc}") from exc
    _check_layout(arr, name, float(sampling_rate))
    samples = _to_mono(_to_float32(arr, name), name)
    if samples.size == 0:
        raise InvalidInputError(f"{name} holds no audio samples")
    if not np.isfinite(samples).all():
        raise InvalidInputError(f"{name} contains NaN or infinite samples; clean it first")
    rate = round(float(sampling_rate))
    if rate != SAMPLE_RATE:
        resampler = _Resampler(rate)
        pieces = [*resampler.push(samples), *resampler.flush()]
        if not sum(len(piece) for piece in pieces):
            raise InvalidInputError(
                f"{name} is too short to resample to {SAMPLE_RATE:,} Hz: pass at least a few "
                "milliseconds of audio"
            )
        samples = np.concatenate(pieces)
    samples = np.ascontiguousarray(samples, dtype=np.float32)
    return Audio(name=name, duration=len(samples) / SAMPLE_RATE, array=samples)


# -- array conversion -----------------------------------------------------------------------------
def _check_layout(arr: np.ndarray, name: str, rate: float) -> None:
    """Refuse shapes that are not mono/stereo, and arrays too long to hold in memory as float32,
    before anything is converted (a broadcast array can claim terabytes)."""
    if not (arr.ndim == 1 or (arr.ndim == 2 and (1 in arr.shape or 2 in arr.shape))):
        raise InvalidInputError(
            f"{name} has shape {arr.shape}; expected mono (n,) or stereo (n, 2) / (2, n) "
            "samples. Mix other channel layouts down to mono first."
        )
    seconds = max(arr.shape, default=0) / rate
    if seconds > MAX_ARRAY_SECONDS:
        raise InvalidInputError(
            f"{name} holds {seconds / 3600:.1f} hours of audio, over the "
            f"{MAX_ARRAY_SECONDS / 3600:.0f} h limit for arrays: pass the recording as a file "
            "path instead (files are decoded as a stream)"
        )


def _to_float32(arr: np.ndarray, name: str) -> np.ndarray:
    import numpy as np

    if arr.dtype == np.float32:
        return arr
    if arr.dtype in (np.float64, np.float16):
        return arr.astype(np.float32)
    if arr.dtype == np.int16:
        return arr.astype(np.float32) / 32768.0
    if arr.dtype == np.int32:
        return (arr.astype(np.float64) / 2147483648.0).astype(np.float32)
    if arr.dtype == np.uint8:
        return (arr.astype(np.float32) - 128.0) / 128.0
    raise InvalidInputError(
        f"{name} has dtype {arr.dtype}; audio samples must be float32 in [-1, 1] "
        "(float64, float16, int16, int32 and uint8 PCM are converted)"
    )


def _to_mono(arr: np.ndarray, name: str) -> np.ndarray:
    if arr.ndim == 1:
        return arr
    if arr.ndim == 2 and 1 in arr.shape:
        return arr.reshape(-1)
    if arr.ndim == 2 and 2 in arr.shape:
        axis = 1 if arr.shape[1] == 2 else 0
        return arr.mean(axis=axis, dtype="float32")
    raise InvalidInputError(
        f"{name} has shape {arr.shape}; expected mono (n,) or stereo (n, 2) / (2, n) samples. "
        "Mix other channel layouts down to mono first."
    )


# -- decoding -------------------------------------------------------------------------------------
class _NotSoundfile(Exception):
    """soundfile (libsndfile) cannot read this format: PyAV should try."""


def _probe(source: Path | bytes, name: str) -> Audio:
    """Check the file opens and holds audio; read its duration. Nothing is decoded in full."""
    try:
        duration = _probe_soundfile(source)
    except _NotSoundfile:
        duration = _probe_av(source, name)
    if isinstance(source, Path):
        return Audio(name=name, duration=duration, path=source)
    return Audio(name=name, duration=duration, data=source)


def _open_arg(source: Path | bytes) -> Any:
    return str(source) if isinstance(source, Path) else io.BytesIO(source)


def _probe_soundfile(source: Path | bytes) -> float:
    try:
        import soundfile
    except ImportError as exc:  # pragma: no cover - soundfile is in the asr extra
        raise _NotSoundfile from exc
    try:
        info = soundfile.info(_open_arg(source))
    except Exception as exc:  # libsndfile cannot parse it: maybe PyAV can
        raise _NotSoundfile from exc
    if info.frames <= 0 or info.samplerate <= 0:
        raise _NotSoundfile  # unknown length (or empty): let PyAV decide
    return float(info.frames / info.samplerate)


def _decode_soundfile(source: Path | bytes) -> Iterator[np.ndarray]:
    import numpy as np

    try:
        import soundfile

        handle = soundfile.SoundFile(_open_arg(source))
    except Exception as exc:
        raise _NotSoundfile from exc
    with handle:
        resampler = _Resampler(handle.samplerate) if handle.samplerate != SAMPLE_RATE else None
        size = round(DECODE_SECONDS * handle.samplerate)
        while True:
            try:
                block = handle.read(size, dtype="float32", always_2d=True)
            except Exception as exc:
                raise InvalidInputError(f"the audio is corrupt: {exc}") from exc
            if not len(block):
                break
            mono = block.mean(axis=1, dtype=np.float32) if block.shape[1] > 1 else block[:, 0]
            _check_finite(mono)
            yield from (resampler.push(mono) if resampler else (mono,))
        if resampler:
            yield from resampler.flush()


def _import_av() -> Any:
    try:
        import av
    except ImportError as exc:
        raise MissingDependencyError(
            'decoding this audio needs PyAV: pip install "taskzoo[asr]"'
        ) from exc
    return av


def _probe_av(source: Path | bytes, name: str) -> float:
    av = _import_av()
    try:
        with av.open(_open_arg(source), mode="r") as container:
            if not container.streams.audio:
                raise InvalidInputError(f"{name} has no audio stream")
            stream = container.streams.audio[0]
            if stream.duration is not None and stream.time_base is not None:
                duration = float(stream.duration * stream.time_base)
            elif container.duration is not None:
                duration = container.duration / 1_000_000
            else:
                duration = 0.0
            first = next(iter(container.decode(stream)), None)
            if first is None or first.samples == 0:
                raise InvalidInputError(f"{name} holds no audio samples")
    except InvalidInputError:
        raise
    except Exception as exc:  # av.error.* for garbage, truncation, unknown formats
        raise InvalidInputError(
            f"{name} is not readable audio (corrupt, truncated or not audio at all): {exc}"
        ) from exc
    return max(duration, first.samples / max(first.sample_rate, 1))


def _decode_av(source: Path | bytes, name: str) -> Iterator[np.ndarray]:
    av = _import_av()
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    try:
        with av.open(_open_arg(source), mode="r") as container:
            stream = container.streams.audio[0]
            for frame in container.decode(stream):
                frame.pts = None  # let the resampler keep its own clock
                for out in resampler.resample(frame):
                    yield _frame_samples(out)
            for out in resampler.resample(None):
                yield _frame_samples(out)
    except av.error.FFmpegError as exc:
        raise InvalidInputError(f"{name} is corrupt or truncated: {exc}") from exc


def _frame_samples(frame: Any) -> np.ndarray:
    samples = frame.to_ndarray().reshape(-1).astype("float32", copy=False)
    _check_finite(samples)
    return samples


def _check_finite(samples: np.ndarray) -> None:
    import numpy as np

    if not np.isfinite(samples).all():
        raise InvalidInputError("the audio contains NaN or infinite samples")


class _Resampler:
    """Streaming mono float32 resampler to 16 kHz (libswresample through PyAV)."""

    def __init__(self, rate: int) -> None:
        av = _import_av()
        self._av = av
        self.rate = rate
        self._inner = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        self._pts = 0

    def push(self, samples: np.ndarray) -> list[np.ndarray]:
        import numpy as np

        frame = self._av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1),
            format="flt", layout="mono",
        )
        frame.sample_rate = self.rate
        frame.time_base = Fraction(1, self.rate)
        frame.pts = self._pts
        self._pts += len(samples)
        return [out.to_ndarray().reshape(-1) for out in self._inner.resample(frame)]

    def flush(self) -> list[np.ndarray]:
        return [out.to_ndarray().reshape(-1) for out in self._inner.resample(None)]


def _rechunk(pieces: Iterator[np.ndarray], size: int) -> Iterator[np.ndarray]:
    """Regroup arrays of any length into blocks of exactly ``size`` (the last may be shorter)."""
    import numpy as np

    pending: list[np.ndarray] = []
    count = 0
    for piece in pieces:
        pending.append(piece)
        count += len(piece)
        while count >= size:
            joined = np.concatenate(pending)
            yield joined[:size]
            rest = joined[size:].copy()  # do not keep `joined` alive through a view
            pending, count = ([rest] if len(rest) else []), len(rest)
    if count:
        yield np.concatenate(pending)


def _quiet_cut(samples: np.ndarray, search: int) -> int:
    """Index of the quietest 100 ms frame in the last ``search`` samples (a pause to cut at)."""
    import numpy as np

    frame = SAMPLE_RATE // 10
    start = max(len(samples) - search, 0)
    tail = samples[start:]
    frames = len(tail) // frame
    if frames < 2:
        return len(samples)
    energy = (tail[: frames * frame].reshape(frames, frame) ** 2).mean(axis=1)
    return start + int(np.argmin(energy)) * frame + frame // 2
