"""The command line and the HTTP server, driven from Python.

Runs ``taskzoo run`` on a few texts (JSON Lines out), then starts ``taskzoo serve`` on a free
loopback port, calls it (one text, a batch, eight concurrent requests that the server batches
into fewer model calls), reads /health, and stops it. Needs ``pip install "taskzoo[text,serve]"``.
"""

import concurrent.futures as cf
import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx

TASKZOO = [sys.executable, "-m", "taskzoo"]

# 1. the command line: one JSON line per input, with the input's name
out = subprocess.run([*TASKZOO, "run", "langid", "bonjour tout le monde", "hasta mañana",
                      "--json"], capture_output=True, text=True, check=True).stdout
for line in out.splitlines():
    record = json.loads(line)
    print(f"cli   {record['input']!r:26} -> {record['result']['label']}")

# 2. the server, on a free port of this machine only
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
url = f"http://127.0.0.1:{port}"
server = subprocess.Popen([*TASKZOO, "serve", "--tasks", "langid", "ner", "--preload",
                           "--port", str(port)], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, start_new_session=True)
try:
    deadline = time.monotonic() + 180
    while True:  # /health answers 503 until the preloaded models are in memory
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the server did not start")
        time.sleep(0.5)

    one = httpx.post(f"{url}/v1/ner", json={"inputs": "Tim Cook visited Paris in May"}).json()
    print("http  ner:", [(e["text"], e["label"]) for e in one["outputs"]])
    many = httpx.post(f"{url}/v1/langid", json={"inputs": ["ciao a tutti", "hallo zusammen"]})
    print("http  langid batch:", [r["label"] for r in many.json()["outputs"]])
    bad = httpx.post(f"{url}/v1/langid", json={"inputs": 42})
    print(f"http  a bad request: {bad.status_code} {bad.json()['error']}: {bad.json()['message']}")

    texts = ["bonjour", "guten Tag", "buenos días", "good morning"] * 2
    with cf.ThreadPoolExecutor(len(texts)) as pool:
        labels = list(pool.map(lambda t: httpx.post(f"{url}/v1/langid", json={"inputs": t},
                                                    timeout=60).json()["outputs"]["label"], texts))
    stats = httpx.get(f"{url}/health").json()["tasks"]["langid"]
    print(f"http  {len(texts)} concurrent requests -> {labels}; the server has made "
          f"{stats['model_calls']} model calls for {stats['requests']} requests so far")
finally:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)
