#!/usr/bin/env bash
# Set up (if needed) and run the quickstart: every task once, real output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python examples/quickstart.py
