"""The person-detection evaluation set: real photos from packages plus pictures composed from them.

Every box below was labelled by hand (by eye, on a 50-px grid drawn over the picture), around the
whole visible person, before any model output was compared with it. Sources:

* scikit-image's bundled data (``pip install scikit-image``): astronaut, camera (people); coffee,
  chelsea, rocket, motorcycle_left, coins, hubble_deep_field (no people);
* the two sample photos inside the ``ultralytics`` wheel (fetched with ``pip download --no-deps``,
  never installed): bus.jpg, zidane.jpg;
* composed pictures: hand-labelled person crops pasted (scaled, some rotated 90° as "fallen") on
  the people-free backgrounds; their boxes follow from the paste geometry.

Run ``python tasks/detection/data.py`` to write every picture with its boxes drawn to
``tasks/detection/data/`` for checking.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from taskzoo.weights import WheelFile

ULTRALYTICS_WHEEL = "ultralytics==8.4.190"
ASSETS = {
    "bus": WheelFile(requirement=ULTRALYTICS_WHEEL, member="ultralytics/assets/bus.jpg",
                     sha256="c02019c4979c191eb739ddd944445ef408dad5679acab6fd520ef9d434bfbc63"),
    "zidane": WheelFile(requirement=ULTRALYTICS_WHEEL, member="ultralytics/assets/zidane.jpg",
                        sha256="16d73869e3267a7d4ed00de8e860833bd1657c1b252e94c0c348277adc7b6edb"),
}

Box = tuple[float, float, float, float]

#: Hand-labelled person boxes (x1, y1, x2, y2) in original pixels; [] = no person in the picture.
LABELS: dict[str, list[Box]] = {
    "bus": [(50, 398, 245, 903), (222, 405, 345, 860), (668, 395, 810, 878), (0, 550, 78, 875)],
    "zidane": [(125, 200, 1150, 720), (748, 42, 1140, 720)],
    "astronaut": [(20, 14, 370, 512)],
    "camera": [(0, 65, 330, 512)],
    "coffee": [],
    "chelsea": [],
    "rocket": [],
    "motorcycle_left": [],
    "coins": [],
    "hubble_deep_field": [],
}


@dataclass(frozen=True)
class Sample:
    """One evaluation picture with its person boxes."""

    name: str
    image: Image.Image
    persons: list[Box]
    fallen: bool = False  # composed with the person lying down


def photo(name: str) -> Image.Image:
    """One of the source photos as an RGB image."""
    if name in ASSETS:
        return Image.open(ASSETS[name].locate()).convert("RGB")
    from skimage import data

    return Image.open(Path(data.data_dir) / f"{name}.{_EXT.get(name, 'png')}").convert("RGB")


_EXT = {"rocket": "jpg", "hubble_deep_field": "jpg"}


def _paste(
    canvas: Image.Image, source: str, person: int, height: int, at: tuple[int, int],
    rotate: bool = False,
) -> Box:
    """Paste hand-labelled person ``person`` of ``source`` scaled to ``height`` px at ``at``."""
    crop = photo(source).crop(LABELS[source][person])
    crop = crop.resize((max(1, round(crop.width * height / crop.height)), height))
    if rotate:
        crop = crop.transpose(Image.Transpose.ROTATE_90)
    canvas.paste(crop, at)
    return (at[0], at[1], min(canvas.width, at[0] + crop.width),
            min(canvas.height, at[1] + crop.height))


def composed() -> Iterator[Sample]:
    """Pictures made by pasting labelled people onto people-free backgrounds."""
    bg = photo("chelsea").resize((900, 600))
    yield Sample("composed_chelsea_astronaut", bg, [_paste(bg, "astronaut", 0, 330, (540, 240))])

    bg = photo("rocket").resize((960, 640))
    boxes = [_paste(bg, "bus", 0, 420, (60, 200)), _paste(bg, "zidane", 1, 300, (620, 300))]
    yield Sample("composed_rocket_two", bg, boxes)

    bg = photo("coffee").resize((1200, 800))
    yield Sample("composed_coffee_small", bg, [_paste(bg, "bus", 1, 140, (900, 560))])

    bg = photo("motorcycle_left").resize((960, 648))
    boxes = [_paste(bg, "camera", 0, 260, (80, 60)), _paste(bg, "bus", 2, 380, (700, 250))]
    yield Sample("composed_motorcycle_two", bg, boxes)

    bg = photo("coins").resize((900, 600))
    yield Sample("composed_coins_fallen", bg, [_paste(bg, "bus", 0, 420, (150, 300), True)],
                 fallen=True)

    bg = photo("rocket").resize((960, 640))
    yield Sample("composed_rocket_fallen", bg, [_paste(bg, "astronaut", 0, 380, (300, 340), True)],
                 fallen=True)


def samples() -> Iterator[Sample]:
    """Every evaluation picture: the real photos, then the composed ones."""
    for name, persons in LABELS.items():
        yield Sample(name, photo(name), list(persons))
    yield from composed()


if __name__ == "__main__":
    from taskzoo.results import Box as ResultBox
    from taskzoo.results import Detections

    out = Path(__file__).parent / "data"
    out.mkdir(exist_ok=True)
    for s in samples():
        truth = Detections.of([ResultBox("person", 1.0, *b) for b in s.persons], s.image)
        truth.draw(out / f"{s.name}.jpg")
        print(f"{s.name}: {s.image.width}×{s.image.height}, {len(s.persons)} person(s)")
