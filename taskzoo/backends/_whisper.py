"""What every whisper backend shares: options, long-audio windows, and building the Transcript.

A subclass loads its library in ``load()`` and implements :meth:`WhisperBackend.transcribe_window`
for one window of at most ``window_seconds`` (default 300) of 16 kHz samples. This class streams
the :class:`~taskzoo.inputs.audio.Audio` window by window (cut at pauses, so a long recording never
sits in memory in full), shifts the timestamps, carries the last words over as the next window's
prompt, and fixes the language after the first window that holds speech.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.errors import InvalidInputError
from taskzoo.inputs.audio import SAMPLE_RATE, Audio
from taskzoo.results.speech import Segment, Transcript, Word

if TYPE_CHECKING:
    import numpy as np

#: Words of the previous window passed as the prompt of the next one.
PROMPT_WORDS = 32


@dataclass(frozen=True)
class WindowOptions:
    """The per-call options, checked, as a backend receives them."""

    language: str | None
    beam_size: int
    vad: bool
    word_timestamps: bool
    prompt: str | None
    #: The user's expected words, joined with ", " (kept for every window, unlike ``prompt``).
    hotwords: str | None = None

    def prompt_with_hotwords(self) -> str | None:
        """The prompt for a backend without a hotwords feature: the words as a glossary line,
        then the prompt (whisper reads the prompt as text that came before the audio)."""
        if not self.hotwords:
            return self.prompt
        return f"Glossary: {self.hotwords}." + (f" {self.prompt}" if self.prompt else "")


class WhisperBackend(Backend):
    """Base of the whisper adapters. Card options: ``beam_size``, ``vad``, ``window_seconds``.

    Call options: ``language`` (ISO code such as ``"en"``; detected when omitted on multilingual
    models), ``beam_size`` (1 = greedy), ``vad`` (skip non-speech with a voice-activity detector;
    on by default, so silence gives empty text), ``word_timestamps``, ``initial_prompt`` (text
    whisper reads as if it came before the audio: its spelling and style carry over; first window
    only) and ``hotwords`` (a list of words or names to expect, e.g. drug or product names, kept
    for every window: faster-whisper's ``hotwords``; for openai-whisper, a glossary line in
    front of the prompt).
    """

    call_options: ClassVar[frozenset[str]] = frozenset(
        {"language", "beam_size", "vad", "word_timestamps", "initial_prompt", "hotwords"}
    )

    #: Set by ``load()``: True for English-only checkpoints (``*.en``).
    english_only: bool = False

    @abstractmethod
    def transcribe_window(
        self, samples: np.ndarray, options: WindowOptions
    ) -> tuple[list[Segment], str | None]:
        """Transcribe one window; return its segments (times from the window start) and language."""

    def predict_batch(
        self,
        items: list[Audio],
        language: str | None = None,
        beam_size: int | None = None,
        vad: bool | None = None,
        word_timestamps: bool = False,
        initial_prompt: str | None = None,
        hotwords: list[str] | str | None = None,
        **_: Any,
    ) -> list[Transcript]:
        options = self._options(language, beam_size, vad, word_timestamps, initial_prompt)
        options = replace(options, hotwords=_hotwords(hotwords))
        return [self._transcribe(audio, options) for audio in items]

    def _options(
        self,
        language: str | None,
        beam_size: int | None,
        vad: bool | None,
        word_timestamps: bool,
        initial_prompt: str | None,
    ) -> WindowOptions:
        if language is not None:
            if not isinstance(language, str) or not language.strip():
                raise InvalidInputError(f"language must be a code such as 'en', got {language!r}")
            language = language.strip().lower()
            if self.english_only and language != "en":
                raise InvalidInputError(
                    f"{self.card.name} understands English only; for {language!r} use a "
                    "multilingual model, e.g. model='whisper-base'"
                )
        beam = self.options.get("beam_size", 5) if beam_size is None else beam_size
        if not isinstance(beam, int) or isinstance(beam, bool) or not 1 <= beam <= 32:
            raise InvalidInputError(f"beam_size must be an int from 1 to 32, got {beam!r}")
        use_vad = self.options.get("vad", True) if vad is None else vad
        for name, value in (("vad", use_vad), ("word_timestamps", word_timestamps)):
            if not isinstance(value, bool):
                raise InvalidInputError(f"{name} must be True or False, got {value!r}")
        if initial_prompt is not None and not isinstance(initial_prompt, str):
            raise InvalidInputError(f"initial_prompt must be a str, got {initial_prompt!r}")
        if self.english_only:
            language = "en"
        return WindowOptions(language, beam, use_vad, word_timestamps, initial_prompt or None)

    def _transcribe(self, audio: Audio, options: WindowOptions) -> Transcript:
        window = float(self.options.get("window_seconds", 300.0))
        segments: list[Segment] = []
        language = options.language
        duration = 0.0
        for start, samples in audio.windows(window):
            duration = start + len(samples) / SAMPLE_RATE
            if len(samples) == 0:
                continue
            found, detected = self.transcribe_window(samples, replace(options, language=language))
            found = [_shifted(s, start) for s in found if s.text.strip()]
            segments.extend(found)
            if found:
                language = language or detected
                tail = " ".join(s.text for s in segments).split()[-PROMPT_WORDS:]
                options = replace(options, prompt=" ".join(tail))
        text = " ".join(s.text for s in segments)
        return Transcript(text=text, language=language, duration=round(duration, 3),
                          segments=segments)


#: Most characters of hotwords accepted: whisper's prompt holds 223 tokens, half of which
#: faster-whisper gives to hotwords; longer lists would be cut silently.
MAX_HOTWORD_CHARS = 400


def _hotwords(words: list[str] | str | None) -> str | None:
    """Check ``hotwords`` and join them with ", " (None when there are none)."""
    if words is None:
        return None
    items = [words] if isinstance(words, str) else words
    if not isinstance(items, (list, tuple)) or not all(isinstance(w, str) for w in items):
        raise InvalidInputError(
            f"hotwords must be a list of str such as ['Xarelto', 'Nguyen'], got {words!r}"
        )
    cleaned = [" ".join(w.split()) for w in items if w.strip()]
    joined = ", ".join(dict.fromkeys(cleaned))
    if len(joined) > MAX_HOTWORD_CHARS:
        raise InvalidInputError(
            f"hotwords hold {len(joined)} characters; whisper's prompt fits about "
            f"{MAX_HOTWORD_CHARS}: keep the words most likely in this audio"
        )
    return joined or None


def _shifted(segment: Segment, offset: float) -> Segment:
    words = None
    if segment.words is not None:
        words = [replace(w, start=_t(w.start + offset), end=_t(w.end + offset))
                 for w in segment.words]
    return Segment(start=_t(segment.start + offset), end=_t(segment.end + offset),
                   text=segment.text.strip(), words=words)


def _t(seconds: float) -> float:
    return round(float(seconds), 3)


def make_word(start: float, end: float, text: str, probability: float | None) -> Word:
    """A :class:`Word` from a library's word timing (text stripped, floats made plain)."""
    return Word(start=_t(start), end=_t(end), text=text.strip(),
                probability=None if probability is None else round(float(probability), 4))


def hallucinated(no_speech_prob: float, avg_logprob: float) -> bool:
    """True for a segment that is likely silence decoded into words ("you", "Thank you.").

    Whisper drops a 30 s window when its no-speech probability is over 0.6 *and* the decode's
    mean log-probability is under -1; tiny models say "you" over silence with more confidence
    than that, so segments are also dropped at -0.5.
    """
    return no_speech_prob > 0.6 and avg_logprob < -0.5
