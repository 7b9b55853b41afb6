"""Choose the default detector's operating point (score threshold and NMS IoU) on labelled photos.

Runs the model once per picture and NMS IoU at a low threshold (0.05), then sweeps the score
threshold over those boxes (greedy NMS keeps the same boxes above any higher threshold, so this
equals re-running at each threshold). For each (conf, iou) pair it reports person-box precision,
recall and F1 at IoU 0.5 against the hand-labelled boxes of ``data.py`` and the share of no-person
pictures without any box. The chosen point maximises F1 (ties: the higher threshold, i.e. fewer
false boxes); its numbers go on the model card. ``--compare`` runs more models the same way in
the same run and prints their chosen points side by side.

    python tasks/detection/threshold.py [--model yolo11n-person] [--compare yolov8-fall] \
        [--json tasks/detection/threshold.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from data import samples  # the sibling script (python puts this folder on sys.path)
from evaluate import match

import taskzoo as tz
from taskzoo.results import Detections

FLOOR = 0.05
CONFS = tuple(round(0.05 * i, 2) for i in range(2, 19))  # 0.10 … 0.90
NMS_IOUS = (0.45, 0.5, 0.6, 0.7)
MATCH_IOU = 0.5


def point(found: list[Detections], truth: list[list[tuple[float, ...]]], conf: float
          ) -> dict[str, Any]:
    """Person-box precision/recall/F1 and the no-person pictures left empty, at ``conf``."""
    tp = fp = fn = 0
    empty = negatives = 0
    for det, persons in zip(found, truth, strict=True):
        kept = Detections(boxes=[b for b in det.boxes if b.score >= conf], width=det.width,
                          height=det.height)
        a, b, c = match(kept, persons, MATCH_IOU)
        tp, fp, fn = tp + a, fp + b, fn + c
        if not persons:
            negatives += 1
            empty += not kept.boxes
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return {"conf": conf, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(f1, 3), "tp": tp, "fp": fp, "fn": fn,
            "no_person_pictures_without_box": round(empty / max(negatives, 1), 3)}


def sweep_model(model: str | None, data: list[Any]) -> dict[str, Any]:
    """The full (conf × NMS IoU) sweep of one model on ``data`` and its chosen point."""
    truth = [s.persons for s in data]
    pipe = tz.load("detection", model)
    sweep = []
    for nms_iou in NMS_IOUS:
        found = [pipe(s.image, conf=FLOOR, iou=nms_iou) for s in data]
        sweep += [{"iou": nms_iou, **point(found, truth, conf)} for conf in CONFS]
    best = max(sweep, key=lambda r: (r["f1"], r["conf"], r["iou"]))
    old = next(r for r in sweep if r["conf"] == 0.25 and r["iou"] == 0.7)
    return {"model": pipe.card.name, "pictures": len(data),
            "with_people": sum(bool(t) for t in truth), "people": sum(map(len, truth)),
            "chosen": best, "previous_default": old, "sweep": sweep}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model name or path (default: the default)")
    parser.add_argument("--compare", action="append", default=[],
                        help="another model to sweep in the same run (repeatable)")
    parser.add_argument("--json", type=Path, help="write the sweep and the chosen point here")
    args = parser.parse_args(argv)

    data = list(samples())
    report = sweep_model(args.model, data)
    best, old, sweep = report["chosen"], report["previous_default"], report["sweep"]
    print(f"{report['model']}: {report['pictures']} pictures ({report['with_people']} with "
          f"{report['people']} people), person boxes matched at IoU 0.5")
    print("| NMS iou | conf | precision | recall | F1 | no-person pictures left empty |")
    print("|---|---|---|---|---|---|")
    for r in sweep:
        if r["conf"] in (0.25, 0.4, 0.5, 0.6, 0.7) or r is best:
            print(f"| {r['iou']} | {r['conf']} | {r['precision']} | {r['recall']} | {r['f1']} | "
                  f"{r['no_person_pictures_without_box']} |")
    print(f"chosen: conf {best['conf']}, iou {best['iou']} (F1 {best['f1']}); "
          f"conf 0.25, iou 0.7: F1 {old['f1']}")
    if args.compare:
        report["compared"] = [sweep_model(m, data) for m in args.compare]
        print("\nside by side, each model at its own chosen point:")
        print("| model | conf / NMS IoU | precision | recall | F1 | no-person pictures empty |")
        print("|---|---|---|---|---|---|")
        for r in [report, *report["compared"]]:
            c = r["chosen"]
            print(f"| {r['model']} | {c['conf']} / {c['iou']} | {c['precision']} | "
                  f"{c['recall']} | {c['f1']} | {c['no_person_pictures_without_box']} |")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return report


if __name__ == "__main__":
    main()
