#!/usr/bin/env bash
# Set up a fresh machine: a .venv with torch (CPU build) and taskzoo with every extra, plus the
# system packages the tests use. Safe to re-run; each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1
pip install -q -U pip 2>&1 | grep -v '^WARNING: Location' || true
# torch first, pinned to the CPU wheel: anything else pulls a multi-GB CUDA build.
pip install -q torch==2.13.0 2>&1 | grep -v '^WARNING: Location' || true
pip install -q -c .ci/constraints.txt -e ".[dev]" 2>&1 | grep -v '^WARNING: Location' || true
python -c "import taskzoo, torch; assert '+cpu' in torch.__version__ or not torch.cuda.is_available()"
# Per-feature steps (system packages, wheels fetched without their dependencies, ...).
for step in scripts/setup.d/*.sh; do
  [ -e "$step" ] && bash "$step"
done
echo "setup done: $(python --version), torch $(python -c 'import torch; print(torch.__version__)')"
