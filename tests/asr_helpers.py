"""Shared helpers of the asr tests: reference clips (tasks/asr/data.py) and cached pipelines."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import taskzoo as tz

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def asr_data() -> ModuleType:
    """tasks/asr/data.py, imported by path (tasks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("taskzoo_tasks_asr_data",
                                                  ROOT / "tasks" / "asr" / "data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def clip(name: str) -> Path:
    """A moonshine-voice WAV (fetched once into the taskzoo cache)."""
    path: Path = asr_data().moonshine_clip(name)
    return path


def reference(name: str) -> str:
    """The reference transcript of a moonshine-voice clip."""
    text: str = asr_data().MOONSHINE_CLIPS[name][1]
    return text


def wer(reference_text: str, hypothesis: str) -> float:
    """Word error rate of one hypothesis after normalisation."""
    value: float = asr_data().wer([reference_text], [hypothesis])
    return value


@functools.cache
def pipeline(model: str | None = None, **options: Any) -> tz.Pipeline:
    """One loaded pipeline per (model, options) for the whole test session."""
    pipe = tz.load("asr", model, **options)
    pipe.load()
    return pipe
