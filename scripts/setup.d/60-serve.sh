#!/usr/bin/env bash
# The server's browser test: Debian's chromium + chromedriver, and selenium to drive them.
# (The server itself comes with the `serve` extra: litserve, python-multipart, httpx.)
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing system packages: ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "please install: sudo apt-get install ${need[*]}" >&2
  fi
fi
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
if ! "$PY" -c "import selenium, litserve, python_multipart" 2>/dev/null; then
  "$PY" -m pip install -q -c .ci/constraints.txt "selenium>=4.20" "litserve>=0.2.16,<0.3" \
    "python-multipart>=0.0.9" 2>&1 | grep -v '^WARNING: Location' || true
fi
