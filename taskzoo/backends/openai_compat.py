"""Any OpenAI-compatible chat-completions server as a task model (compare your own LLM).

Configuration (card options, else environment variables):

* ``base_url`` (``TASKZOO_OPENAI_BASE_URL``, e.g. ``http://127.0.0.1:8000/v1``);
* ``model_name`` (``TASKZOO_OPENAI_MODEL``; default ``"default"``);
* ``api_key_env``: the *name* of the variable holding the key (default ``OPENAI_API_KEY``;
  the key itself never sits in a card);
* ``timeout`` seconds per request (60), ``retries`` (3, with exponential backoff from
  ``backoff`` = 0.5 s, honouring ``Retry-After``), ``concurrency`` (parallel requests, 4).

Requests use ``temperature=0`` so answers are as deterministic as the server allows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from taskzoo.backends.llm_tasks import ChatTaskBackend, Message, Reply
from taskzoo.errors import ModelLoadError, TaskZooError
from taskzoo.registry import ModelCard

RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})


class ChatRequestError(TaskZooError):
    """A chat-completions request failed after all its retries."""


class OpenAIChatClient:
    """A small, thread-safe chat-completions client with retries and a concurrency limit."""

    def __init__(self, base_url: str, model: str = "default", api_key: str | None = None,
                 timeout: float = 60.0, retries: int = 3, backoff: float = 0.5,
                 concurrency: int = 4) -> None:
        import httpx

        self._httpx = httpx
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model, self.retries, self.backoff = model, max(int(retries), 0), float(backoff)
        self.concurrency = max(int(concurrency), 1)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = httpx.Client(timeout=timeout, headers=headers,
                                 limits=httpx.Limits(max_connections=self.concurrency))

    def complete(self, messages: list[Message], max_tokens: int) -> Reply:
        """One chat completion (greedy), retried on timeouts, 429 and 5xx answers."""
        body = {"model": self.model, "messages": messages, "max_tokens": max_tokens,
                "temperature": 0}
        error = "no attempt made"
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2 ** attempt
            try:
                response = self.http.post(self.url, json=body)
            except self._httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code == 200:
                    return _reply(response.json())
                error = f"HTTP {response.status_code}: {response.text[:200]}"
                if response.status_code not in RETRY_STATUS:
                    break
                wait = max(wait, _retry_after(response.headers.get("retry-after")))
            if attempt < self.retries:
                time.sleep(wait)
        raise ChatRequestError(f"chat request to {self.url} failed ({error}); check the "
                               "server is running and TASKZOO_OPENAI_BASE_URL/API key are right")

    def complete_many(self, conversations: Sequence[list[Message]],
                      max_tokens: int) -> list[Reply | ChatRequestError]:
        """Replies in order, at most ``concurrency`` requests in flight; failures returned."""
        def one(messages: list[Message]) -> Reply | ChatRequestError:
            try:
                return self.complete(messages, max_tokens)
            except ChatRequestError as exc:
                return exc

        if len(conversations) <= 1 or self.concurrency == 1:
            return [one(c) for c in conversations]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(one, conversations))

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()


def _reply(payload: dict[str, Any]) -> Reply:
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        content = ""  # a malformed answer is an unparseable answer, not a crash
    return Reply(str(content or "").strip())


def _retry_after(value: str | None) -> float:
    try:
        return min(float(value), 60.0) if value else 0.0
    except ValueError:
        return 0.0


class OpenAIChatTask(ChatTaskBackend):
    """A task answered by a model behind an OpenAI-compatible ``/chat/completions`` endpoint."""

    def load_model(self) -> None:
        opts = self.options
        base_url = opts.get("base_url") or os.environ.get("TASKZOO_OPENAI_BASE_URL")
        if not base_url:
            raise ModelLoadError(
                "no server URL for the openai-compat model: set TASKZOO_OPENAI_BASE_URL "
                "(e.g. http://127.0.0.1:8000/v1) or pass base_url=... to taskzoo.load()"
            )
        key_env = opts.get("api_key_env", "OPENAI_API_KEY")
        model = opts.get("model_name") or os.environ.get("TASKZOO_OPENAI_MODEL", "default")
        self.client = OpenAIChatClient(
            base_url, model, os.environ.get(key_env), float(opts.get("timeout", 60.0)),
            int(opts.get("retries", 3)), float(opts.get("backoff", 0.5)),
            int(opts.get("concurrency", 4)))
        #: which server and model answer (they may come from the environment, not the card):
        #: part of a teacher's identity, so cached answers of one server never stand in for
        #: another's (taskzoo.distill.teacher_identity)
        self.endpoint = f"{self.client.url} model={model}"

    def chat(self, conversations: list[list[Message]], max_new_tokens: int,
             choices: list[str] | None = None) -> list[Reply]:
        replies = self.client.complete_many(conversations, max_new_tokens)
        failed = [r for r in replies if isinstance(r, ChatRequestError)]
        if failed:
            raise ChatRequestError(f"{len(failed)} of {len(replies)} requests failed: {failed[0]}")
        return [r for r in replies if isinstance(r, Reply)]


def openai_card(task: str, base_url: str | None = None, model_name: str | None = None,
                labels: Sequence[str] = (), **options: Any) -> ModelCard:
    """A card for ``task`` served by an OpenAI-compatible server (see the module docstring)."""
    from taskzoo.registry import REGISTRY

    spec = REGISTRY.task(task)
    base = next((m for m in spec.models if m.backend.endswith("OpenAIChatTask")), None)
    opts = {**(base.options if base else {}), **options}
    if base_url:
        opts["base_url"] = base_url
    if model_name:
        opts["model_name"] = model_name
    return ModelCard(
        name=f"openai-compat:{model_name or opts.get('model_name', 'default')}", task=spec.name,
        backend="taskzoo.backends.openai_compat:OpenAIChatTask", extra="llm",
        requires=("httpx",), labels=tuple(labels) or (base.labels if base else spec.default.labels),
        options=opts, description="A model behind an OpenAI-compatible chat-completions server.",
    )
