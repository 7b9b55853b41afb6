"""A minimal OpenAI-compatible chat-completions server for the local SmolLM2 model.

For tests and local comparisons (``python -m taskzoo.llm_server --port 8765``), not production:
it binds 127.0.0.1 by default, serves ``POST /v1/chat/completions`` and ``GET /v1/models``, and
decodes greedily with the same :class:`~taskzoo.backends.llm.ChatModel` the ``smollm2-135m``
task models use (one shared copy per process). ``api_key`` makes it require ``Bearer <key>``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from taskzoo.backends.llm_tasks import Message, Reply

Generate = Callable[[list[list[Message]], int], list[Reply]]
MODEL_ID = "smollm2-135m"


class ChatServer:
    """An HTTP server in a background thread; ``url`` is its ``/v1`` base URL."""

    def __init__(self, generate: Generate, host: str = "127.0.0.1", port: int = 0,
                 model_id: str = MODEL_ID, api_key: str | None = None) -> None:
        handler = _handler(generate, model_id, api_key)
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL clients use (``http://host:port/v1``)."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> ChatServer:
        """Serve in a daemon thread; returns self."""
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()


def smollm_generate() -> Generate:
    """The generate function of the shared SmolLM2 model (loads it on first call)."""
    from taskzoo.backends.llm import chat_model
    from taskzoo.catalog.llm import SMOLLM2

    model = chat_model(SMOLLM2.locate())
    return model.generate


def _handler(generate: Generate, model_id: str,
             api_key: str | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _authorised(self) -> bool:
            if api_key and self.headers.get("Authorization") != f"Bearer {api_key}":
                self._send(401, {"error": {"message": "invalid API key", "type": "auth"}})
                return False
            return True

        def do_GET(self) -> None:
            if not self._authorised():
                return
            if self.path.rstrip("/") == "/v1/models":
                self._send(200, {"object": "list", "data": [{"id": model_id, "object": "model"}]})
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            if not self._authorised():
                return
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            try:
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                messages = [{"role": str(m["role"]), "content": str(m["content"])}
                            for m in request["messages"]]
                max_tokens = int(request.get("max_tokens") or 64)
            except (ValueError, KeyError, TypeError) as exc:
                self._send(400, {"error": {"message": f"bad request: {exc}"}})
                return
            reply = generate([messages], max_tokens)[0]
            self._send(200, {
                "id": f"chatcmpl-{uuid.uuid4().hex[:12]}", "object": "chat.completion",
                "created": int(time.time()), "model": request.get("model", model_id),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": reply.text}}],
            })

    return Handler


def main(argv: list[str] | None = None) -> int:
    """Serve SmolLM2 until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--api-key", default=None)
    args = parser.parse_args(argv)
    server = ChatServer(smollm_generate(), args.host, args.port, api_key=args.api_key)
    print(f"serving {MODEL_ID} at {server.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.httpd.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
