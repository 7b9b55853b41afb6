#!/usr/bin/env bash
# Set up (if needed) and run the quickstart: every task once, real output.
# Installs only what the demo needs: taskzoo with the inference extras, no torch, no browser,
# no ultralytics venv (scripts/test.sh sets up the rest). Fonts come from Debian if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
export PIP_DISABLE_PIP_VERSION_CHECK=1
if ! .venv/bin/python -c "import taskzoo, onnxruntime, tokenizers, fasttext, spacy, rapidocr, faster_whisper" 2>/dev/null; then
  echo "installing taskzoo[text,ocr,detect,asr] (no torch)"
  .venv/bin/pip install -q -c .ci/constraints.txt -e ".[text,ocr,detect,asr]" 2>&1 | grep -v '^WARNING: Location' || true
fi
if [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null
fi
.venv/bin/python examples/quickstart.py
