"""A task that only a plugin brings (an entry point in a throw-away dist-info) is served,
listed and run by the CLI with no taskzoo code written for it: nothing is per task."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from serve_support import ROOT, running_server

pytest.importorskip("litserve")

PLUGIN = '''
from taskzoo.backends.base import Backend
from taskzoo.registry import ModelCard, TaskSpec
from taskzoo.results import Label


class ShoutBackend(Backend):
    def load(self):
        self.loaded_here = True

    def predict_batch(self, items, **kwargs):
        return [Label(text.upper(), 1.0) for text in items]


def models():
    yield TaskSpec(name="shout", input_kind="text", result="Label (the text in capitals)",
                   description="A toy task from a plugin.",
                   models=(ModelCard(name="shouter", task="shout", license="MIT",
                                     backend="toyzoo_plugin:ShoutBackend"),))
'''


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plugin")
    (root / "toyzoo_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = root / "toyzoo-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toyzoo\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[taskzoo.models]\ntoy = toyzoo_plugin:models\n")
    return root


def test_cli_runs_a_plugin_task(plugin_path: Path) -> None:
    env = {"PYTHONPATH": f"{plugin_path}:{ROOT}"}
    done = subprocess.run([sys.executable, "-m", "taskzoo", "run", "shout", "hello", "--json"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
                          env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["label"] == "HELLO"


def test_server_serves_a_plugin_task(plugin_path: Path) -> None:
    env = {"PYTHONPATH": f"{plugin_path}:{ROOT}"}
    # also the one-request-at-a-time mode (LitServe's unbatched loop)
    with running_server("--tasks", "shout", "--preload", "--max-batch-size", "1",
                        env=env) as url:
        listing = httpx.get(f"{url}/v1/tasks", timeout=30).json()
        assert [t["task"] for t in listing["tasks"]] == ["shout"]
        resp = httpx.post(f"{url}/v1/shout", json={"inputs": ["hi", "there"]}, timeout=60)
        assert resp.status_code == 200, resp.text
        assert [o["label"] for o in resp.json()["outputs"]] == ["HI", "THERE"]
        assert "/v1/shout" in httpx.get(f"{url}/openapi.json", timeout=30).json()["paths"]
