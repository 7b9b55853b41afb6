"""``python -m taskzoo.smoke``: run every registered task once on a small generated input.

Used by CI on the installed wheel, to catch missing package data (taskzoo/assets) and broken
extras. Prints one line per task and exits non-zero if any task failed.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from taskzoo.api import load
from taskzoo.registry import REGISTRY

TEXT = "Tim Cook visited Paris in May and loved the film; it was great."


def sample_image() -> Any:
    """A white picture with two lines of black text."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (640, 160), "white")
    draw = ImageDraw.Draw(img)
    try:
        font: Any = ImageFont.truetype("DejaVuSans.ttf", 40)
    except OSError:
        font = ImageFont.load_default(size=40)
    draw.text((20, 20), "taskzoo reads this", fill="black", font=font)
    draw.text((20, 90), "second line 2026", fill="black", font=font)
    return img


def sample_audio() -> Any:
    """One second of a quiet 440 Hz tone at 16 kHz (float32)."""
    import numpy as np

    t = np.arange(16000, dtype=np.float32) / 16000
    return (0.1 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


SAMPLES = {"text": lambda: TEXT, "image": sample_image, "document": sample_image,
           "audio": sample_audio}


def main(argv: list[str] | None = None) -> int:
    """Run each task's default model once; return 1 if any failed (or imported a module that
    ``--forbid`` names, e.g. ``--forbid torch`` for an inference-only install)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m taskzoo.smoke", description=__doc__)
    parser.add_argument("--forbid", action="append", default=[], metavar="MODULE",
                        help="fail if this module was imported by any task (repeatable)")
    args = parser.parse_args(argv)
    failures = 0
    for name in REGISTRY.task_names():
        spec = REGISTRY.task(name)
        make = SAMPLES.get(spec.input_kind)
        if make is None:
            print(f"SKIP {name}: no sample for input kind {spec.input_kind!r}")
            continue
        started = time.perf_counter()
        try:
            result = load(name)(make())
        except Exception as exc:
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            continue
        shown = " ".join(repr(result).split())
        print(f"ok   {name} ({time.perf_counter() - started:.1f} s): {shown[:150]}")
    print(f"{len(REGISTRY.task_names()) - failures} tasks ok, {failures} failed")
    imported = sorted({m for m in args.forbid if m in sys.modules})
    if imported:
        print(f"FAIL forbidden modules were imported: {', '.join(imported)}")
    return 1 if failures or imported else 0


if __name__ == "__main__":
    sys.exit(main())
