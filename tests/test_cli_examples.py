"""Every script in examples/ runs to the end (skipped when its extra is not installed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from serve_support import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
MISSING = ("MissingDependencyError", "ModuleNotFoundError")


@pytest.mark.slow
@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(script: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=900, env=env, check=False)
    if done.returncode != 0 and any(m in done.stderr for m in MISSING):
        pytest.skip(f"{script.name}: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip(), f"{script.name} printed nothing"
