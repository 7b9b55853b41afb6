"""Evaluate a detection model as a person detector on the hand-labelled set in ``data.py``.

Prints precision and recall at IoU 0.5 (every predicted box counts as "a person": the default
model's classes, Normal/Fall, are states of a person), how the fallen people composed into the
set were labelled, and time per image at batch 1 and batch 8. With ``--ultralytics`` (run it in
an environment where ultralytics works, see docs/detection.md) it also times Ultralytics' own
predictor on the same weights.

    python tasks/detection/evaluate.py [--model yolov8-fall] [--json tasks/detection/metrics.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from data import Sample, samples  # the sibling script (python puts this folder on sys.path)

import taskzoo as tz
from taskzoo.results import Box, Detections

TIMING_SIDE = 640


def match(found: Detections, truth: list[tuple[float, ...]], iou: float) -> tuple[int, int, int]:
    """Greedy matching best-score first: (true positives, false positives, false negatives)."""
    free = [Box("person", 1.0, *t) for t in truth]
    tp = 0
    for box in found.boxes:
        best = max(free, key=box.iou, default=None)
        if best is not None and box.iou(best) >= iou:
            free.remove(best)
            tp += 1
    return tp, len(found.boxes) - tp, len(free)


def accuracy(
    pipe: tz.Pipeline, data: list[Sample], iou: float, conf: float | None = None
) -> dict[str, Any]:
    """Precision/recall over the set, per-image counts, and labels given to fallen people
    (at the model's own score threshold unless ``conf`` is given)."""
    tp = fp = fn = 0
    rows, fall_labels = [], []
    for s in data:
        found = pipe(s.image) if conf is None else pipe(s.image, conf=conf)
        a, b, c = match(found, s.persons, iou)
        tp, fp, fn = tp + a, fp + b, fn + c
        rows.append({"image": s.name, "persons": len(s.persons), "tp": a, "fp": b, "fn": c})
        if s.fallen:
            fall_labels += [b.label for b in found.boxes[:len(s.persons)]]
    return {
        "precision": round(tp / max(tp + fp, 1), 3),
        "recall": round(tp / max(tp + fn, 1), 3),
        "tp": tp, "fp": fp, "fn": fn, "images": len(data),
        "persons": sum(len(s.persons) for s in data),
        "fallen_people_labels": fall_labels,
        "per_image": rows,
    }


def seconds_per_image(run: Callable[[list[Any]], Any], images: list[Any], batch: int,
                      repeats: int) -> tuple[float, float]:
    """Median over ``repeats`` of (wall seconds, CPU seconds) per image, ``batch`` per call.

    CPU time (all threads of this process) is reported too because wall time on a shared
    machine depends on what else runs.
    """
    run(images[:batch])  # warm up
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(images), batch):
            run(images[i:i + batch])
        walls.append((time.perf_counter() - wall) / len(images))
        cpus.append((time.process_time() - cpu) / len(images))
    return round(statistics.median(walls), 4), round(statistics.median(cpus), 4)


def speed(pipe: tz.Pipeline, data: list[Sample], repeats: int) -> dict[str, float]:
    """Time per 640-px image at batch 1 and 8 through the taskzoo pipeline."""
    images = [_to_side(s.image) for s in data][:16]
    out = {}
    for batch in (1, 8):
        wall, cpu = seconds_per_image(lambda b: pipe(b), images, batch, repeats)
        out[f"s_per_image_batch{batch}"], out[f"cpu_s_per_image_batch{batch}"] = wall, cpu
    return out


def ultralytics_speed(data: list[Sample], repeats: int) -> dict[str, float]:
    """Ultralytics' own predictor on the same weights (best.pt), batch 1."""
    from taskzoo.backends.ultralytics import quiet_ultralytics

    quiet_ultralytics()
    from ultralytics import YOLO

    from taskzoo.catalog.detection import FALL_ONNX, FALL_PT

    images = [_to_side(s.image) for s in data][:16]
    frames = [__import__("numpy").asarray(im)[:, :, ::-1].copy() for im in images]
    out = {}
    # ultralytics pads .pt inputs only to a multiple of 32 (rect=True, its default): fewer pixels
    # than the 640×640 square of the ONNX export; "pt_square" makes it pad like the ONNX path
    runs = (("ultralytics_pt", FALL_PT, True), ("ultralytics_pt_square", FALL_PT, False),
            ("ultralytics_onnx", FALL_ONNX, False))
    for name, source, rect in runs:
        model = YOLO(str(source.locate()), task="detect")
        wall, cpu = seconds_per_image(
            lambda b, m=model, r=rect: m.predict(b, device="cpu", rect=r, verbose=False),
            frames, 1, repeats)
        out[f"{name}_s_per_image_batch1"], out[f"{name}_cpu_s_per_image_batch1"] = wall, cpu
    return out


def _to_side(image: Any, side: int = TIMING_SIDE) -> Any:
    scale = side / max(image.size)
    return image.resize((round(image.width * scale), round(image.height * scale)))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model name or path (default: the default)")
    parser.add_argument("--iou", type=float, default=0.5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ultralytics", action="store_true", help="also time ultralytics")
    parser.add_argument("--json", type=Path, help="write the metrics here")
    args = parser.parse_args(argv)

    data = list(samples())
    pipe = tz.load("detection", args.model)
    report: dict[str, Any] = {"model": pipe.card.name, "iou": args.iou}
    report.update(accuracy(pipe, data, args.iou))
    strict = accuracy(pipe, data, args.iou, conf=0.5)
    report["precision_conf0.5"], report["recall_conf0.5"] = strict["precision"], strict["recall"]
    report.update(speed(pipe, data, args.repeats))
    if args.ultralytics:
        report.update(ultralytics_speed(data, args.repeats))

    print(f"model {report['model']}: {report['images']} images, {report['persons']} people")
    print("| metric | value |\n|---|---|")
    for key, value in report.items():
        if isinstance(value, (int, float)) and key != "iou":
            print(f"| {key} | {value} |")
    print(f"labels given to the {len(report['fallen_people_labels'])} fallen people: "
          f"{report['fallen_people_labels']}")
    for row in report["per_image"]:
        if row["fp"] or row["fn"]:
            print(f"  {row['image']}: {row['tp']} found, {row['fp']} false, {row['fn']} missed")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main()
