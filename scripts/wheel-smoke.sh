#!/usr/bin/env bash
# Build the wheel, install it (not editable) into a fresh venv, and run every task once.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist /tmp/taskzoo-wheel-venv
.venv/bin/python -m build --wheel --outdir dist . >/dev/null
python3 -m venv /tmp/taskzoo-wheel-venv
# shellcheck disable=SC1091
. /tmp/taskzoo-wheel-venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1
pip install -q torch==2.13.0 2>&1 | grep -v '^WARNING: Location' || true
wheel=$(ls dist/taskzoo-*.whl)
pip install -q -c .ci/constraints.txt "${wheel}[all]" 2>&1 | grep -v '^WARNING: Location' || true
cd /tmp && python -m taskzoo.smoke
