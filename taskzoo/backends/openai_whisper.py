"""Whisper through OpenAI's reference implementation (``openai-whisper``, PyTorch): ``.pt`` files.

For users who hold openai-whisper checkpoints (``tiny.en.pt``, ``base.pt``, fine-tuned ones, or one
converted from taskzoo's CTranslate2 weights with ``tasks/asr/convert_ct2_to_openai.py``):
``taskzoo.transcribe("talk.wav", model="path/to/base.pt")``. Audio arrives as a 16 kHz array, so
ffmpeg is never called. ``vad=True`` runs faster-whisper's Silero VAD (ONNX, from the ``asr``
extra) on each window and skips windows without speech; the speech itself is decoded by whisper.

Install: ``pip install "taskzoo[openai-whisper]"``. On Linux x86_64 openai-whisper declares a
dependency on triton (a ~290 MB wheel, ~1 GB installed) that CPU inference never imports;
``pip install --no-deps openai-whisper tiktoken numba more-itertools`` avoids it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.backends._whisper import WhisperBackend, WindowOptions, hallucinated, make_word
from taskzoo.registry import ModelCard
from taskzoo.results.speech import Segment
from taskzoo.weights import LocalPath

if TYPE_CHECKING:
    import numpy as np


class OpenAIWhisper(WhisperBackend):
    """Runs an openai-whisper ``.pt`` checkpoint on the CPU (float32)."""

    def load(self) -> None:
        import torch
        import whisper
        from whisper.model import ModelDimensions, Whisper

        checkpoint = torch.load(self.weights_path(), map_location="cpu", weights_only=True)
        model = Whisper(ModelDimensions(**checkpoint["dims"]))
        model.load_state_dict(checkpoint["model_state_dict"])
        heads = checkpoint.get("alignment_heads")
        if heads is not None:  # written by tasks/asr/convert_ct2_to_openai.py
            model.register_buffer("alignment_heads", heads.to_sparse(), persistent=False)
        threads = int(self.options.get("cpu_threads", 0))
        if threads > 0:
            torch.set_num_threads(threads)
        self.model = model.float().eval()
        self.english_only = not model.is_multilingual
        self._whisper = whisper

    def transcribe_window(
        self, samples: np.ndarray, options: WindowOptions
    ) -> tuple[list[Segment], str | None]:
        if options.vad and not _has_speech(samples):
            return [], None
        decode: dict[str, Any] = {"beam_size": options.beam_size} if options.beam_size > 1 else {}
        result = self._whisper.transcribe(
            self.model,
            samples,
            language=options.language,
            word_timestamps=options.word_timestamps,
            initial_prompt=options.prompt_with_hotwords(),
            condition_on_previous_text=bool(self.options.get("condition_on_previous_text", True)),
            fp16=False,
            verbose=None,
            **decode,
        )
        segments = [
            Segment(
                start=piece["start"],
                end=piece["end"],
                text=piece["text"],
                words=[make_word(w["start"], w["end"], w["word"], w.get("probability"))
                       for w in piece["words"]] if "words" in piece else None,
            )
            for piece in result["segments"]
            if not hallucinated(piece["no_speech_prob"], piece["avg_logprob"])
        ]
        return segments, result.get("language")

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return path.is_file() and path.suffix in {".pt", ".pth"}

    @classmethod
    def card_for_path(cls, task: str, path: Path) -> ModelCard:
        """A card for a user's local openai-whisper checkpoint."""
        return ModelCard(
            name=str(path),
            task=task,
            backend=f"{cls.__module__}:{cls.__name__}",
            source=LocalPath(path=str(path)),
            extra="openai-whisper",
            requires=("whisper", "torch"),
            options={"beam_size": 1, "vad": True, "condition_on_previous_text": False},
            description=f"an openai-whisper checkpoint at {path}",
        )


def _has_speech(samples: np.ndarray) -> bool:
    """True if Silero VAD (shipped with faster-whisper) finds any speech in ``samples``."""
    from faster_whisper.vad import get_speech_timestamps

    return bool(get_speech_timestamps(samples))
