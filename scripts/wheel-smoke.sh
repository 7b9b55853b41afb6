#!/usr/bin/env bash
# Build the wheel, install it (not editable) with the inference extras alone into a fresh venv
# without torch, and run every task once, checking that torch is never imported.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist /tmp/taskzoo-wheel-venv
.venv/bin/python -m build --wheel --outdir dist . >/dev/null
python3 -m venv /tmp/taskzoo-wheel-venv
# shellcheck disable=SC1091
. /tmp/taskzoo-wheel-venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1
wheel=$(ls dist/taskzoo-*.whl)
pip install -q -c .ci/constraints.txt "${wheel}[text,ocr,detect,asr]" 2>&1 | grep -v '^WARNING: Location' || true
if python -c "import importlib.util as u, sys; sys.exit(u.find_spec('torch') is None)"; then
  echo "the inference extras installed torch" >&2
  exit 1
fi
echo "inference install: $(du -sm "$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" | cut -f1) MB of site-packages, no torch"
cd /tmp && python -m taskzoo.smoke --forbid torch
