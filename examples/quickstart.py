"""taskzoo quickstart: every task once, offline, with real models and real output.

Run: bash scripts/demo.sh   (or, once installed: python examples/quickstart.py)
"""

from __future__ import annotations

import time

from PIL import Image, ImageDraw, ImageFont

import taskzoo as tz
from taskzoo.weights import WheelFile


def show(title: str, result: object) -> None:
    """Print a result under a heading."""
    print(f"\n== {title}\n{result}")


started = time.perf_counter()
print("tasks and their default models:", tz.tasks())

# --- text ---------------------------------------------------------------------------------------
show("sentiment", tz.sentiment(["I loved every minute of it.", "A dull, lifeless mess."]))
show("spam", tz.spam(["WIN a FREE cruise!! Reply YES to claim now",
                      "Running 10 min late, save me a seat"]))
show("ner", tz.ner("Tim Cook visited Paris in May to meet Emmanuel Macron."))
vectors = tz.embed(["a cat", "a kitten", "quarterly earnings"])
show("embeddings", f"shape {vectors.shape}, similarity(cat, kitten) = "
                   f"{tz.similarity('a cat', 'a kitten'):.3f}")
show("langid", tz.langid(["bonjour tout le monde", "¿Dónde está la estación?", "今日は"]))

# --- images -------------------------------------------------------------------------------------
page = Image.new("RGB", (900, 200), "white")
draw = ImageDraw.Draw(page)
font = ImageFont.truetype("DejaVuSans.ttf", 36)
draw.text((30, 40), "Invoice 2026-114: total due 349.90 EUR", fill="black", font=font)
draw.text((30, 110), "Payment within 30 days, thank you!", fill="black", font=font)
read = tz.ocr(page)
show("ocr", "\n".join(f"{line.score:.2f}  {line.text}" for line in read.lines))

bus = WheelFile(requirement="ultralytics==8.4.190", member="ultralytics/assets/bus.jpg").locate()
found = tz.detect(bus)
show("detection (people)",
     "\n".join(f"{b.label:6} {b.score:.2f} ({b.x1:.0f}, {b.y1:.0f}, {b.x2:.0f}, {b.y2:.0f})"
               for b in found.boxes))

# --- audio --------------------------------------------------------------------------------------
clip = WheelFile(requirement="moonshine-voice==0.1.5",
                 member="moonshine_voice/assets/beckett.wav").locate()
heard = tz.transcribe(clip)
show("asr", f"{heard.duration:.1f} s: {heard.text}")

print(f"\nall tasks ran in {time.perf_counter() - started:.0f} s (first calls include model loads)")
