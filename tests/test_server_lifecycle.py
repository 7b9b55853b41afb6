"""``taskzoo serve`` started as a user would: SIGTERM or SIGINT to its main process only stops
every process of the server and frees the port; a model worker that dies is reported by /health
and its task answers 503 at once (not after the request timeout)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import psutil
import pytest
from serve_support import ROOT, free_port, task_ready

TASK = "langid"  # the quickest model to load
pytestmark = pytest.mark.skipif(not task_ready(TASK), reason=f"{TASK} is not installed")


def start(port: int, *args: str, tasks: str = TASK) -> subprocess.Popen:
    """``python -m taskzoo serve`` in its own session; returns once /health is 200."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "taskzoo", "serve", "--tasks", tasks,
                             "--port", str(port), *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    for _ in range(600):
        assert proc.poll() is None, "the server exited while starting"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("the server did not become ready")


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            return False
        return True


def stop_and_check(proc: subprocess.Popen, port: int, sig: int) -> None:
    """Send ``sig`` to the main pid only; assert every process of the server is gone."""
    family = psutil.Process(proc.pid).children(recursive=True)
    assert family, "LitServe runs its API server and workers as child processes"
    os.kill(proc.pid, sig)
    try:
        code = proc.wait(timeout=90)
    finally:
        _, alive = psutil.wait_procs(family, timeout=30)
        for child in alive:
            child.kill()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert not alive, f"left running after the server stopped: {[c.pid for c in alive]}"
    assert code == 0
    assert port_free(port), f"port {port} still in use"


def test_sigterm_to_the_main_process_stops_every_process() -> None:
    port = free_port()
    proc = start(port, "--preload")
    answer = httpx.post(f"http://127.0.0.1:{port}/v1/{TASK}",
                        json={"inputs": "bonjour tout le monde"}, timeout=60)
    assert answer.status_code == 200 and answer.json()["outputs"]["label"] == "fr"
    stop_and_check(proc, port, signal.SIGTERM)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)


def test_default_lazy_server_with_a_chosen_model_then_sigint() -> None:
    """Without --preload (the default) models load on their first request; --model picks a
    non-default model; --tasks takes a comma list; SIGINT stops it as cleanly as SIGTERM."""
    import taskzoo as tz

    port = free_port()
    proc = start(port, "--model", "sentiment=fasttext-rt", tasks=f"{TASK},sentiment")
    base = f"http://127.0.0.1:{port}"
    try:
        health = httpx.get(f"{base}/health", timeout=10).json()
        assert health["preload"] is False and health["tasks"]["sentiment"]["loaded"] == 0
        text = "I loved every minute of this film, the cast is wonderful."
        answer = httpx.post(f"{base}/v1/sentiment", json={"inputs": text}, timeout=120)
        assert answer.status_code == 200, answer.text
        assert answer.json()["model"] == "fasttext-rt"
        expected = tz.load("sentiment", model="fasttext-rt")(text)
        assert answer.json()["outputs"]["label"] == expected.label == "positive"
        assert httpx.get(f"{base}/health", timeout=10).json()["tasks"]["sentiment"]["loaded"] == 1
    finally:
        stop_and_check(proc, port, signal.SIGINT)


def test_a_dead_worker_is_reported_and_its_task_fails_fast() -> None:
    port = free_port()
    proc = start(port, "--preload", "--timeout", "600")
    base = f"http://127.0.0.1:{port}"
    try:
        pid = httpx.get(f"{base}/health", timeout=10).json()["tasks"][TASK]["pid"]
        assert pid in {p.pid for p in psutil.Process(proc.pid).children(recursive=True)}
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):  # SIGKILL is delivered asynchronously: wait for the process to end
            if not psutil.pid_exists(pid) or psutil.Process(pid).status() == "zombie":
                break
            time.sleep(0.1)
        health = httpx.get(f"{base}/health", timeout=10)
        assert health.status_code == 503
        body = health.json()
        assert body["status"] == "worker died"
        assert body["tasks"][TASK]["ready"] is False and "died" in body["tasks"][TASK]["error"]
        # with a 600 s request timeout, only the dead-worker check can answer this request
        answer = httpx.post(f"{base}/v1/{TASK}", json={"inputs": "hello"}, timeout=60)
        assert answer.status_code == 503
        assert answer.json()["error"] == "ServiceUnavailable" and "died" in answer.json()["message"]
    finally:
        stop_and_check(proc, port, signal.SIGTERM)
