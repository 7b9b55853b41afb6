"""The ultralytics wheel's sample photos the detection tests use, fetched with
``pip download --no-deps`` and checked by sha256 (the same files tasks/detection/data.py labels)."""

from __future__ import annotations

from taskzoo.weights import WheelFile

ULTRALYTICS = "ultralytics==8.4.190"
SHA256 = {
    "bus.jpg": "c02019c4979c191eb739ddd944445ef408dad5679acab6fd520ef9d434bfbc63",
    "zidane.jpg": "16d73869e3267a7d4ed00de8e860833bd1657c1b252e94c0c348277adc7b6edb",
}
PHOTOS = {name: WheelFile(requirement=ULTRALYTICS, member=f"ultralytics/assets/{name}",
                          sha256=sha) for name, sha in SHA256.items()}
BUS, ZIDANE = PHOTOS["bus.jpg"], PHOTOS["zidane.jpg"]
