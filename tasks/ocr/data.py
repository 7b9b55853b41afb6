"""The OCR test set, regenerated from scratch: real English text rendered with Debian fonts.

Text: sentences of the licence texts every Debian system carries in /usr/share/common-licenses
(package base-files: GPL, LGPL, Apache-2.0, MPL-2.0, Artistic, GFDL), wrapped into lines of 20–55
characters. Fonts: DejaVu, Liberation and FreeFont in serif, sans and mono (scripts/setup.d/
10-system.sh installs them). Each line is drawn at a size between 14 and 48 px and then saved
under every condition: clean, light noise, blur, JPEG artefacts, a small rotation and light text
on a dark background. Pages: A4 at 150 dpi (1240×1754) filled with 12-pt text, one per family.

Everything is seeded, so ``python tasks/ocr/data.py`` writes the same set every time (into
tasks/ocr/data/, which git ignores).
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from taskzoo.weights import recipe_data_dir

LICENSES = Path("/usr/share/common-licenses")
TEXT_FILES = ("GPL-3", "LGPL-2.1", "Apache-2.0", "MPL-2.0", "Artistic", "GFDL-1.3")
FONT_DIR = Path("/usr/share/fonts/truetype")
FONTS = {
    "serif": ("dejavu/DejaVuSerif.ttf", "liberation/LiberationSerif-Regular.ttf",
              "freefont/FreeSerif.ttf"),
    "sans": ("dejavu/DejaVuSans.ttf", "liberation/LiberationSans-Regular.ttf",
             "freefont/FreeSans.ttf"),
    "mono": ("dejavu/DejaVuSansMono.ttf", "liberation/LiberationMono-Regular.ttf",
             "freefont/FreeMono.ttf"),
}
CONDITIONS = ("clean", "noise", "blur", "jpeg", "rotate", "inverted")
OUT = recipe_data_dir(__file__)
SEED = 4


@dataclass(frozen=True)
class Sample:
    """One rendered line or page and its ground truth."""

    path: str
    text: str
    condition: str
    family: str
    font: str
    size: int


def corpus_lines(n: int, rng: random.Random, low: int = 20, high: int = 55) -> list[str]:
    """``n`` distinct lines of real English text, wrapped at word boundaries."""
    words: list[str] = []
    for name in TEXT_FILES:
        text = (LICENSES / name).read_text(encoding="utf-8", errors="ignore")
        text = re.sub(r"[^\x20-\x7e\n]", " ", text)
        words.extend(w for w in text.split() if not set(w) <= set("-_=*#.~"))
    lines: list[str] = []
    i = 0
    while i < len(words):
        width = rng.randint(low, high)
        line = words[i]
        i += 1
        while i < len(words) and len(line) + 1 + len(words[i]) <= width:
            line += " " + words[i]
            i += 1
        if len(line) >= low:
            lines.append(line)
    unique = sorted(set(lines))
    rng.shuffle(unique)
    if len(unique) < n:
        raise SystemExit(f"only {len(unique)} distinct lines in {LICENSES}; need {n}")
    return unique[:n]


def render_line(text: str, font_path: Path, size: int, rng: random.Random,
                inverted: bool = False) -> Image.Image:
    """Draw ``text`` on a tight canvas with random margins, dark on light (or the reverse)."""
    font = ImageFont.truetype(str(font_path), size)
    left, top, right, bottom = font.getbbox(text)
    mx, my = rng.randint(6, 40), rng.randint(4, 20)
    ink, paper = rng.randint(0, 60), rng.randint(225, 255)
    if inverted:
        ink, paper = 255 - ink, 255 - paper
    image = Image.new("RGB", (right - left + 2 * mx, bottom - top + 2 * my), (paper,) * 3)
    ImageDraw.Draw(image).text((mx - left, my - top), text, font=font, fill=(ink,) * 3)
    return image


def degrade(image: Image.Image, condition: str, size: int, rng: random.Random) -> Image.Image:
    """Apply one test condition to a clean rendering."""
    import numpy as np

    if condition == "noise":
        arr = np.asarray(image).astype(np.float32)
        arr += np.random.default_rng(rng.randint(0, 2**31)).normal(0, 12, arr.shape)
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if condition == "blur":
        return image.filter(ImageFilter.GaussianBlur(radius=min(1.5, max(0.6, size / 30))))
    if condition == "jpeg":
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=rng.randint(15, 25))
        return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    if condition == "rotate":
        angle = rng.choice((-1, 1)) * rng.uniform(1.0, 4.0)
        fill = image.getpixel((0, 0))
        return image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=fill)
    return image


def render_page(lines: list[str], font_path: Path, size: int = 25) -> Image.Image:
    """An A4 page at 150 dpi (1240×1754) with ``lines`` of text at 12 pt (25 px)."""
    page = Image.new("RGB", (1240, 1754), "white")
    pen = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(font_path), size)
    for i, line in enumerate(lines):
        pen.text((120, 130 + i * int(size * 1.5)), line, font=font, fill="black")
    return page


def build(n_lines: int = 200, n_page_lines: int = 38, out: Path = OUT) -> dict[str, list[Sample]]:
    """Write the whole test set under ``out``; return its samples (also saved as index.json)."""
    rng = random.Random(SEED)
    (out / "lines").mkdir(parents=True, exist_ok=True)
    (out / "pages").mkdir(parents=True, exist_ok=True)
    texts = corpus_lines(n_lines + 3 * n_page_lines, rng)
    samples: dict[str, list[Sample]] = {"lines": [], "pages": []}
    for i, text in enumerate(texts[:n_lines]):
        family = list(FONTS)[i % len(FONTS)]
        font = FONT_DIR / rng.choice(FONTS[family])
        size = rng.randint(14, 48)
        for condition in CONDITIONS:
            image = render_line(text, font, size, rng, inverted=condition == "inverted")
            image = degrade(image, condition, size, rng)
            path = out / "lines" / f"{i:04d}_{condition}.png"
            image.save(path)
            samples["lines"].append(Sample(str(path.relative_to(out)), text, condition, family,
                                           font.name, size))
    rest = texts[n_lines:]
    for j, family in enumerate(FONTS):
        lines = rest[j * n_page_lines:(j + 1) * n_page_lines]
        font = FONT_DIR / FONTS[family][0]
        path = out / "pages" / f"page_{family}.png"
        render_page(lines, font).save(path)
        samples["pages"].append(Sample(str(path.relative_to(out)), "\n".join(lines), "page",
                                       family, font.name, 25))
    index = {kind: [asdict(s) for s in items] for kind, items in samples.items()}
    (out / "index.json").write_text(json.dumps(index, indent=1))
    return samples


def load(out: Path = OUT) -> dict[str, list[Sample]]:
    """The samples of a built test set (building it first if needed)."""
    if not (out / "index.json").is_file():
        return build(out=out)
    index = json.loads((out / "index.json").read_text())
    return {kind: [Sample(**s) for s in items] for kind, items in index.items()}


if __name__ == "__main__":
    built = build(out=Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"{len(built['lines'])} line images, {len(built['pages'])} pages in {OUT}")
