#!/usr/bin/env bash
# openai-whisper for the asr tests, without triton: on Linux x86_64 openai-whisper requires triton
# (a ~290 MB wheel, ~1 GB installed) that CPU inference never imports. Its real runtime deps are
# light: tiktoken, numba (+ llvmlite, ~210 MB installed) and more-itertools.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
if ! "$PY" -c "import whisper" >/dev/null 2>&1; then
  echo "installing openai-whisper (--no-deps, without triton)"
  "$PY" -m pip install -q -c .ci/constraints.txt tiktoken numba more-itertools 2>&1 | grep -v '^WARNING: Location' || true
  "$PY" -m pip install -q -c .ci/constraints.txt --no-deps "openai-whisper>=20231117" 2>&1 | grep -v '^WARNING: Location' || true
  "$PY" -c "import whisper" || { echo "openai-whisper did not install" >&2; exit 1; }
fi
