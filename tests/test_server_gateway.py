"""The request gateway in-process (no model): request timeout and streamed body limits."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from taskzoo.server._config import ServerConfig
from taskzoo.server._gateway import Gateway


def call(gateway: Gateway, body: bytes, headers: list[tuple[bytes, bytes]],
         chunks: int = 1) -> tuple[int, dict[str, Any]]:
    """Send one POST /v1/langid through the gateway; return (status, JSON body)."""
    sent: list[dict[str, Any]] = []
    parts = [body[i::chunks] for i in range(chunks)] if chunks > 1 else [body]
    messages = [{"type": "http.request", "body": p, "more_body": i < len(parts) - 1}
                for i, p in enumerate(parts)]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/langid", "headers": headers}
    asyncio.run(gateway(scope, receive, send))
    return sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))


async def slow_app(scope: Any, receive: Any, send: Any) -> None:
    await asyncio.sleep(30)


async def echo_app(scope: Any, receive: Any, send: Any) -> None:
    message = await receive()
    body = json.dumps({"seen": json.loads(message["body"]), "path": scope["path"]}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


JSON = [(b"content-type", b"application/json")]


def test_request_timeout_answers_504() -> None:
    config = ServerConfig(request_timeout=0.3, batch_timeout=0.0)
    status, body = call(Gateway(slow_app, kinds={"langid": "text"}, config=config),
                        b'{"inputs": "hi"}', JSON)
    assert status == 504 and body["error"] == "RequestTimeout"


def test_streamed_body_over_limit_is_413_without_content_length() -> None:
    config = ServerConfig(max_body_bytes=2048)
    payload = json.dumps({"inputs": "a" * 5000}).encode()
    status, body = call(Gateway(echo_app, kinds={"langid": "text"}, config=config), payload,
                        JSON, chunks=4)
    assert status == 413 and body["error"] == "PayloadTooLarge"


def test_accepted_request_is_normalised() -> None:
    gateway = Gateway(echo_app, kinds={"langid": "text"}, config=ServerConfig())
    status, body = call(gateway, b'{"inputs": ["a", "b"], "options": {"k": 2}}', JSON)
    assert status == 200
    assert body["seen"] == {"inputs": ["a", "b"], "single": False, "options": {"k": 2}}


@pytest.mark.parametrize("bad", [{"max_batch_size": 0}, {"request_timeout": 0.0},
                                 {"max_inputs": 0}, {"batch_timeout": -1.0}])
def test_bad_settings_are_refused(bad: dict[str, Any]) -> None:
    from taskzoo.errors import InvalidInputError

    with pytest.raises(InvalidInputError):
        ServerConfig(**bad)


def test_select_resolves_aliases_and_models() -> None:
    pytest.importorskip("litserve")
    from taskzoo.errors import InvalidInputError, UnknownModelError, UnknownTaskError
    from taskzoo.server import select

    chosen = select(ServerConfig(tasks=("lid", "langid"), models={"language-id": "lid.176"}))
    assert [(spec.name, card.name) for spec, card in chosen] == [("langid", "lid176")]
    with pytest.raises(UnknownTaskError):
        select(ServerConfig(tasks=("langidd",)))
    with pytest.raises(UnknownModelError):
        select(ServerConfig(tasks=("langid",), models={"langid": "no-such-model"}))
    with pytest.raises(InvalidInputError):
        select(ServerConfig(tasks=("langid",), models={"ner": "spacy"}))
