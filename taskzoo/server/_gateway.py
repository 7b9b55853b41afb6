"""The ASGI middleware in front of every task route: limits, content types, aliases, timeouts.

It runs in the HTTP process before LitServe queues a request for a model worker, so a request
that is too large (413), of the wrong content type (415), malformed (400) or outside the limits
(422) is answered at once with a JSON error and never reaches a model. Accepted requests are
rewritten into one normalised JSON payload (see :mod:`taskzoo.server._requests`) and given
``request_timeout`` seconds to be answered (504 otherwise).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from taskzoo.server._config import TEXT_KIND, ServerConfig
from taskzoo.server._errors import RequestError
from taskzoo.server._requests import Limits, from_json, from_uploads

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

PREFIX = "/v1/"
NOT_TASKS = {"tasks"}
#: Seconds between checks that the task's worker is still alive while a request waits on it.
WORKER_CHECK = 0.5


class Gateway:
    """Pure ASGI middleware guarding ``POST /v1/{task}``; other paths pass straight through."""

    def __init__(self, app: Callable[..., Awaitable[None]], *, kinds: dict[str, str],
                 config: ServerConfig, workers: dict[str, Any] | None = None) -> None:
        self.app = app
        self.kinds = kinds  # served task -> input kind
        self.workers = workers or {}  # served task -> its Counters (worker pid)
        self.config = config
        self.limits = Limits.of(config)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(PREFIX) or _tail(path) in NOT_TASKS:
            await self.app(scope, receive, send)
            return
        try:
            task = self._task_for(_tail(path))
            if scope["method"] != "POST":
                raise RequestError(405, f"use POST {PREFIX}{task} with a body "
                                        '{"inputs": ...}; GET /v1/tasks lists the tasks')
            self._check_worker(task)
            body = await _read_body(scope, receive, self.config.max_body_bytes)
            payload = await self._payload(scope, body, self.kinds[task])
        except RequestError as exc:
            await send_json(send, exc.payload(), exc.status)
            return
        await self._forward(scope, receive, send, task, payload)

    def _task_for(self, name: str) -> str:
        if name in self.kinds:
            return name
        from taskzoo.errors import TaskZooError
        from taskzoo.registry import REGISTRY

        try:
            canonical = REGISTRY.task(name).name
        except TaskZooError as exc:
            raise RequestError(404, str(exc), type(exc).__name__) from exc
        if canonical not in self.kinds:
            raise RequestError(404, f"task {canonical!r} is not served here (serving: "
                                    f"{', '.join(self.kinds)}); start the server with "
                                    f"`taskzoo serve --tasks {canonical}`", "UnknownTaskError")
        return canonical

    def _check_worker(self, task: str) -> None:
        counters = self.workers.get(task)
        died = counters.worker_died() if counters is not None else ""
        if died:
            raise RequestError(503, died)

    async def _payload(self, scope: Scope, body: bytes, kind: str) -> dict[str, Any]:
        media = _header(scope, b"content-type").split(";")[0].strip().lower()
        if media == "application/json" or media.endswith("+json"):
            return from_json(body, kind, self.limits)
        if media == "multipart/form-data" and kind != TEXT_KIND:
            files, options = await _parse_form(scope, body, self.limits.max_inputs)
            return from_uploads(files, options, kind, self.limits)
        accepted = "application/json" + ("" if kind == TEXT_KIND else " or multipart/form-data")
        raise RequestError(415, f"Content-Type {media or '(none)'} is not accepted here; send "
                                f"{accepted}")

    async def _forward(self, scope: Scope, receive: Receive, send: Send, task: str,
                       payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        headers = [(k, v) for k, v in scope.get("headers", [])
                   if k.lower() not in (b"content-type", b"content-length")]
        headers += [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())]
        inner = {**scope, "path": f"{PREFIX}{task}", "raw_path": f"{PREFIX}{task}".encode(),
                 "headers": headers}
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        call = asyncio.ensure_future(self.app(inner, replay, watch))
        deadline = asyncio.get_running_loop().time() + self.config.request_timeout
        error: RequestError | None = None
        while error is None:
            done, _ = await asyncio.wait({call}, timeout=WORKER_CHECK)
            if done:
                call.result()
                return
            try:
                self._check_worker(task)  # the worker died with this request in its queue
            except RequestError as exc:
                error = exc
            if error is None and asyncio.get_running_loop().time() > deadline:
                error = RequestError(
                    504, f"no answer within {self.config.request_timeout:g} s (the server's "
                         "request timeout): retry later or send fewer inputs")
        call.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await call
        if not started:
            await send_json(send, error.payload(), error.status)


async def _read_body(scope: Scope, receive: Receive, limit: int) -> bytes:
    declared = _header(scope, b"content-length")
    if declared:
        try:
            size = int(declared)
        except ValueError as exc:
            raise RequestError(400, f"bad Content-Length {declared!r}") from exc
        if size > limit:
            raise RequestError(413, _too_large(size, limit))
    chunks: list[bytes] = []
    total = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise RequestError(400, "the client went away before the body was complete")
        chunk = message.get("body", b"")
        total += len(chunk)
        if total > limit:
            raise RequestError(413, _too_large(total, limit))
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _parse_form(scope: Scope, body: bytes, max_files: int) -> tuple[list[bytes], str | None]:
    from starlette.datastructures import UploadFile
    from starlette.requests import Request

    async def once() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    request = Request(scope, once)
    try:
        form = await request.form(max_files=max_files, max_fields=100)
    except Exception as exc:  # starlette/python-multipart raise several types
        raise RequestError(400, f"could not parse the multipart upload ({exc}); send files in a "
                                "multipart/form-data body") from exc
    try:
        files: list[bytes] = []
        options: str | None = None
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                files.append(await value.read())
            elif key == "options":
                options = value
            else:
                raise RequestError(422, f"unexpected form field {key!r}: upload files, plus an "
                                        "optional 'options' field holding JSON")
        return files, options
    finally:
        await form.close()


async def send_json(send: Send, payload: dict[str, Any], status: int) -> None:
    """Send a complete JSON response, compact like every other response of the server."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _tail(path: str) -> str:
    return path[len(PREFIX):].strip("/")


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


def _too_large(size: int, limit: int) -> str:
    return (f"the request body is {size:,} bytes, over this server's limit of {limit:,}: send a "
            "smaller file or fewer inputs (or start the server with a larger --max-body-mb)")
