"""Helpers shared by the CLI, server and playground tests: sample inputs per input kind, the
tasks whose dependencies are installed, and a real server started in a subprocess."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import httpx

from taskzoo.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = "Tim Cook visited Paris in May and loved every minute of it."
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def task_names() -> list[str]:
    """Every task in the registry (the tests skip the ones whose extra is missing)."""
    return REGISTRY.task_names()


def task_ready(task: str) -> bool:
    """True when the task's default model has its dependencies installed."""
    spec = REGISTRY.task(task)
    return bool(spec.models) and spec.default.installed()


def ready_tasks() -> list[str]:
    """Tasks whose default model can run here."""
    return [t for t in task_names() if task_ready(t)]


def kind_of(task: str) -> str:
    """The task's input kind."""
    return REGISTRY.task(task).input_kind


def sample_image() -> bytes:
    """A PNG with a line of dark text on white (readable by OCR, a valid picture for any
    image model)."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (640, 160), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 48) if Path(FONT).exists() else ImageFont.load_default()
    draw.text((20, 50), "HELLO TASKZOO", fill="black", font=font)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def sample_audio() -> bytes:
    """A WAV of synthetic speech ("hello world") from espeak-ng, or a 1 s tone without it."""
    if shutil.which("espeak-ng"):
        done = subprocess.run(["espeak-ng", "--stdout", "hello world, this is a test"],
                              capture_output=True, timeout=60, check=True)
        return done.stdout
    import math

    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"".join(int(8000 * math.sin(i / 10)).to_bytes(2, "little", signed=True)
                               for i in range(16000)))
    return out.getvalue()


SAMPLES = {"image": sample_image, "document": sample_image, "audio": sample_audio}
SUFFIX = {"image": ".png", "document": ".png", "audio": ".wav"}


def sample(kind: str) -> str | bytes | None:
    """A valid input of this kind: text as str, anything else as file bytes (None if unknown)."""
    if kind == "text":
        return SAMPLE_TEXT
    make = SAMPLES.get(kind)
    return make() if make else None


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(*args: str, ready_timeout: float = 300,
                   env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``taskzoo serve`` on a free loopback port; yield its base URL; always kill it."""
    port = free_port()
    log_path = Path(tempfile.gettempdir()) / f"taskzoo-test-server-{port}.log"
    log = open(log_path, "w+b")  # noqa: SIM115
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    proc = subprocess.Popen([sys.executable, "-m", "taskzoo", "serve", "--port", str(port),
                             *args], stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"server exited: {log.read().decode()[-3000:]}")
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server not ready in time")
            time.sleep(0.5)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
        log_path.unlink(missing_ok=True)


#: The settings of the one server the server and playground tests share.
SHARED_ARGS = ("--preload", "--max-batch-size", "8", "--batch-timeout", "0.1",
               "--max-inputs", "8", "--max-text-chars", "2000", "--max-body-mb", "1",
               "--timeout", "120")
_shared: dict[str, str] = {}


def shared_server(config: object) -> str:
    """The URL of one server started for the whole test session (killed at the session's end).

    ``config`` is pytest's ``request.config``: the server is stopped through its cleanup.
    """
    if "url" not in _shared:
        stack = contextlib.ExitStack()
        _shared["url"] = stack.enter_context(running_server(*SHARED_ARGS))
        config.add_cleanup(stack.close)  # type: ignore[attr-defined]
        config.add_cleanup(_shared.clear)  # type: ignore[attr-defined]
    return _shared["url"]
