"""Every ``$ curl`` (and shell) line of docs/server.md, README.md, docs/quickstart.md and the
server's --help runs against a real server, in a folder holding the files they upload; shown
outputs match (normalised as in scripts/docs_snippets.py)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from serve_support import ROOT, ready_tasks, sample, shared_server
from test_docs_snippets import RUNNER

pytest.importorskip("litserve")

DOC = ROOT / "docs" / "server.md"
#: other pages with curl examples
OTHERS = (ROOT / "README.md", ROOT / "docs" / "quickstart.md")


def commands(text: str) -> list[tuple[str, str | None]]:
    """``(shell command, shown output or None)`` for each ``$ curl`` / ``$ {`` line of the
    console blocks (``\\`` continuations joined)."""
    out: list[tuple[str, str | None]] = []
    for block in re.findall(r"^```console\n(.*?)^```", text, re.S | re.M):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("$ curl") or line.startswith("$ {"):
                command = line[2:]
                while command.rstrip().endswith("\\"):
                    i += 1
                    command = command.rstrip()[:-1] + " " + lines[i].strip()
                shown = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].startswith("{") \
                    else None
                out.append((command, shown))
            i += 1
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """scan.png, street.jpg and talk.wav: the files the examples upload."""
    path = tmp_path_factory.mktemp("server-docs")
    (path / "scan.png").write_bytes(sample("image"))  # type: ignore[arg-type]
    from taskzoo.weights import WheelFile

    photo = WheelFile(requirement="ultralytics==8.4.190", member="ultralytics/assets/bus.jpg")
    (path / "street.jpg").write_bytes(photo.locate().read_bytes())
    (path / "talk.wav").write_bytes(sample("audio"))  # type: ignore[arg-type]
    return path


def test_the_page_has_its_examples() -> None:
    found = commands(DOC.read_text(encoding="utf-8"))
    assert len(found) >= 7 and any("-d @talk.json" in c for c, _ in found)


def _serve_help_curls() -> list[str]:
    from taskzoo.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    epilog = sub.choices["serve"].epilog.replace("\\\n", " ")  # type: ignore[union-attr]
    return [line.split("  #")[0].strip() for line in epilog.splitlines()
            if line.strip().startswith("curl")]


@pytest.mark.parametrize("command,shown", [
    *commands(DOC.read_text(encoding="utf-8")),
    *(c for page in OTHERS for c in commands(page.read_text(encoding="utf-8"))),
    *((c, None) for c in _serve_help_curls())],
                         ids=lambda v: v[:70] if isinstance(v, str) else None)
def test_curl_example_runs(command: str, shown: str | None, folder: Path,
                           request: pytest.FixtureRequest) -> None:
    task = re.search(r"/v1/([\w-]+)", command)
    if task and task.group(1) not in ready_tasks():
        pytest.skip(f"{task.group(1)} is not installed here")
    url = shared_server(request.config)
    done = subprocess.run(["bash", "-c", command.replace("localhost:8000", url[7:])],
                          cwd=folder, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    if command.startswith("{"):  # builds a payload file
        return
    body = json.loads(done.stdout)
    assert "error" not in body, body
    if shown is not None and "/v1/" in command and "..." not in shown:
        assert RUNNER.outputs_match(shown, done.stdout), (shown, done.stdout)
