#!/usr/bin/env bash
# Make (or reuse) a side venv beside .venv for an engine that cannot share it.
#
#   bash scripts/side-venv.sh LABEL VENV "MODULE MODULE ..." PIP-INSTALL-ARGS...
#
# Reuses VENV when every MODULE is importable there; otherwise creates it (if needed), installs
# PIP-INSTALL-ARGS into it and checks the modules again (a failed install fails the step).
set -euo pipefail
label=$1 venv=$2 modules=$3
shift 3
check="import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in '$modules'.split()))"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check"; then
  echo "$label: $venv ready"
  exit 0
fi
start=$(date +%s)
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "$@" 2>&1 | grep -v '^WARNING: Location' || true
"$venv/bin/python" -c "$check"
echo "$label: $venv made in $(( $(date +%s) - start )) s"
