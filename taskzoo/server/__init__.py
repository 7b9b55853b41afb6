"""The taskzoo HTTP server (``taskzoo serve``): LitServe with one route per task.

``POST /v1/{task}`` takes ``{"inputs": ...}`` (texts as strings; images and audio as base64 or a
multipart upload) and answers ``{"task", "model", "outputs"}``; concurrent requests are batched
into shared model calls. ``GET /v1/tasks``, ``GET /health``, ``GET /openapi.json`` and the
browser playground at ``GET /`` complete it. Needs the ``serve`` extra; names load lazily so the
command line does not import LitServe until a server starts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY = {
    "ServerConfig": "taskzoo.server._config",
    "build_server": "taskzoo.server._app",
    "select": "taskzoo.server._app",
    "serve": "taskzoo.server._app",
}

__all__ = ["ServerConfig", "build_server", "select", "serve"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'taskzoo.server' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


if TYPE_CHECKING:
    from taskzoo.server._app import build_server, select, serve
    from taskzoo.server._config import ServerConfig
