"""The taskzoo HTTP server (``taskzoo serve``): LitServe with one route per task.

``POST /v1/{task}`` takes ``{"inputs": ...}`` (texts as strings; images and audio as base64 or a
multipart upload) and answers ``{"task", "model", "outputs"}``; concurrent requests are batched
into shared model calls. ``GET /v1/tasks``, ``GET /health``, ``GET /openapi.json`` and the
browser playground at ``GET /`` complete it. Needs the ``serve`` extra.
"""

from __future__ import annotations

from taskzoo.server._app import build_server, select, serve
from taskzoo.server._config import ServerConfig

__all__ = ["ServerConfig", "build_server", "select", "serve"]
