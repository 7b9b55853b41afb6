"""Building the LitServe server: one API per task, plus the playground, health and task list."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from taskzoo.registry import REGISTRY, ModelCard, TaskSpec
from taskzoo.server._api import TaskAPI
from taskzoo.server._config import TEXT_KIND, ServerConfig
from taskzoo.server._errors import HTTP_ERROR_NAMES, error_payload
from taskzoo.server._gateway import Gateway
from taskzoo.server._lifecycle import reap_children, stop_on_signals

log = logging.getLogger("taskzoo.server")

STATIC = Path(__file__).parent / "static"


def select(config: ServerConfig) -> list[tuple[TaskSpec, ModelCard]]:
    """The tasks to serve with their models: those named, or every installed task.

    A task named explicitly whose dependencies are missing stops the server with the pip command
    to run; when serving everything, such tasks are skipped with a log line.
    """
    from taskzoo.errors import InvalidInputError, MissingDependencyError

    models = {REGISTRY.task(task).name: model for task, model in config.models.items()}
    names = list(dict.fromkeys(REGISTRY.task(t).name for t in config.tasks))  # aliases, repeats
    names = names or REGISTRY.task_names()
    unknown = set(models) - set(names)
    chosen: list[tuple[TaskSpec, ModelCard]] = []
    for name in names:
        spec = REGISTRY.task(name)
        if not spec.models:
            log.warning("not serving %s: the task has no model yet", spec.name)
            continue
        card = REGISTRY.resolve(spec.name, models.get(spec.name))
        if not card.installed():
            message = (f"the {spec.name} model {card.name!r} needs "
                       f"{', '.join(card.requires)}: pip install \"taskzoo[{card.extra}]\"")
            if config.tasks:
                raise MissingDependencyError(message)
            log.warning("not serving %s: %s", spec.name, message)
            continue
        chosen.append((spec, card))
    unknown -= {spec.name for spec, _ in chosen}
    if unknown:
        raise InvalidInputError(f"--model names task(s) not served: {', '.join(sorted(unknown))}")
    if not chosen:
        raise MissingDependencyError('no task has its dependencies installed: '
                                     'pip install "taskzoo[text]" (or another extra)')
    return chosen


def build_server(config: ServerConfig) -> Any:
    """A ready-to-run ``litserve.LitServer`` for ``config`` (``.run()`` starts it)."""
    import litserve as ls

    chosen = select(config)
    apis = [TaskAPI(spec.name, card.name, spec.input_kind, preload=config.preload,
                    max_batch_size=config.max_batch_size, batch_timeout=config.batch_timeout)
            for spec, card in chosen]
    kinds = {spec.name: spec.input_kind for spec, _ in chosen}
    workers = {api.task: api.counters for api in apis}
    server = ls.LitServer(
        apis, accelerator="cpu", timeout=config.request_timeout,
        healthcheck_path="/_litserve/health", info_path="/info",
        middlewares=[(Gateway, {"kinds": kinds, "config": config, "workers": workers})],
    )
    # LitServe's monitor would stop the whole server when one worker dies; instead /health says
    # which task lost its worker and that task answers 503 (see _lifecycle), the others go on.
    server._monitor_workers = False
    app = server.app
    app.title, app.version = "taskzoo", _version()
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) != "/"]
    _add_routes(server, apis, chosen, config)
    _add_error_handlers(app)
    _describe_openapi(app, chosen)
    return server


def serve(config: ServerConfig) -> None:
    """Build and run the server until interrupted (blocks)."""
    from taskzoo.errors import InvalidInputError

    if not 1024 <= config.port <= 65535:
        raise InvalidInputError(f"port {config.port} is outside 1024–65535")
    if config.host not in ("127.0.0.1", "0.0.0.0", "::"):
        raise InvalidInputError(f"host {config.host!r}: use 127.0.0.1 (default, this machine "
                                "only), 0.0.0.0 or :: (every interface)")
    server = build_server(config)
    with stop_on_signals():
        try:
            server.run(host=config.host, port=config.port, num_api_servers=config.api_servers,
                       log_level=config.log_level, generate_client_file=False)
        except KeyboardInterrupt:  # stopped while starting: LitServe had not set up its cleanup
            log.info("server stopped")
        finally:
            reap_children()


def _add_routes(server: Any, apis: list[TaskAPI], chosen: list[tuple[TaskSpec, ModelCard]],
                config: ServerConfig) -> None:
    from starlette.responses import HTMLResponse, JSONResponse

    app = server.app
    listing = {
        "tasks": [_task_entry(spec, card) for spec, card in chosen],
        "limits": {"max_body_bytes": config.max_body_bytes, "max_text_chars": config.max_text_chars,
                   "max_inputs": config.max_inputs, "request_timeout": config.request_timeout},
        "batching": {"max_batch_size": config.max_batch_size,
                     "batch_timeout": config.batch_timeout},
    }

    @app.get("/", include_in_schema=False, response_model=None)
    async def playground() -> Any:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/v1/tasks", summary="The tasks this server runs, their models and limits",
             response_model=None)
    async def tasks() -> Any:
        return JSONResponse(listing)

    @app.get("/health", summary="Readiness and per-task counters (503 until ready)",
             response_model=None)
    async def health() -> Any:
        from litserve.utils import WorkerSetupStatus

        status = dict(getattr(server, "workers_setup_status", None) or {})
        report: dict[str, Any] = {}
        dead = False
        for api in apis:
            workers = [v for k, v in status.items() if k.rsplit("_", 1)[0] == api.task]
            ready = bool(workers) and all(v == WorkerSetupStatus.READY for v in workers)
            died = api.counters.worker_died()
            dead = dead or bool(died)
            ready = ready and api.health() and not died
            report[api.task] = {"model": api.model, "ready": ready, **api.counters.snapshot()}
            if died or api.counters.load_error:
                report[api.task]["error"] = died or api.counters.load_error
        ok = all(entry["ready"] for entry in report.values())
        failed = any(entry["failed"] for entry in report.values())
        state = "worker died" if dead else ("degraded" if failed else "ok") if ok else "loading"
        body = {"status": state, "preload": config.preload, "tasks": report}
        return JSONResponse(body, status_code=200 if ok else 503)


def _task_entry(spec: TaskSpec, card: ModelCard) -> dict[str, Any]:
    return {
        "task": spec.name, "path": f"/v1/{spec.name}", "aliases": list(spec.aliases),
        "input_kind": spec.input_kind, "result": spec.result, "description": spec.description,
        "accepts": ["application/json"] + ([] if spec.input_kind == TEXT_KIND
                                           else ["multipart/form-data"]),
        "options": _call_options(card),
        "model": {"name": card.name, "license": card.license, "size_mb": card.size_mb,
                  "labels": list(card.labels), "description": card.description,
                  "metrics": dict(card.metrics)},
    }


def _call_options(card: ModelCard) -> list[str]:
    """The per-call options the model's backend accepts (its module imports no ML library)."""
    from taskzoo.registry import import_object

    try:
        return sorted(import_object(card.backend).call_options)
    except Exception:  # a backend module that cannot be imported here: the worker will say why
        return []


def _add_error_handlers(app: Any) -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException
    from starlette.responses import JSONResponse

    async def http_error(request: Any, exc: HTTPException) -> JSONResponse:
        name = HTTP_ERROR_NAMES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else name
        if exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow") or (exc.headers or {}).get("allow") or "GET"
            detail = (f"{request.method} is not allowed on {request.url.path}: use "
                      f"{allowed}. Tasks run with POST /v1/TASK; GET /v1/tasks lists them")
        return JSONResponse(error_payload(name, detail, exc.status_code),
                            status_code=exc.status_code, headers=exc.headers)

    async def invalid(request: Any, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_payload("InvalidInputError", "the request does not match the "
                                          "API: see /docs", 422), status_code=422)

    async def crashed(request: Any, exc: Exception) -> JSONResponse:
        log.exception("unhandled server error")
        return JSONResponse(error_payload("InternalError", "internal server error; see the "
                                          "server log", 500), status_code=500)

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, crashed)


def _describe_openapi(app: Any, chosen: list[tuple[TaskSpec, ModelCard]]) -> None:
    """Give each task route a summary and request/response schemas in /openapi.json."""
    error = {"type": "object", "properties": {"error": {"type": "string"},
                                              "message": {"type": "string"},
                                              "status": {"type": "integer"}}}
    for spec, card in chosen:
        path = f"/v1/{spec.name}"
        route = next((r for r in app.router.routes if getattr(r, "path", None) == path), None)
        if route is None:
            continue
        text = spec.input_kind == TEXT_KIND
        item = ({"type": "string", "description": "a text"} if text else
                {"type": "string", "format": "byte",
                 "description": f"base64 of the {spec.input_kind} file (or a data: URL)"})
        body_schema = {"type": "object", "required": ["inputs"], "properties": {
            "inputs": {"oneOf": [item, {"type": "array", "items": item}]},
            "options": {"type": "object", "description": "per-call model options"}}}
        content: dict[str, Any] = {"application/json": {"schema": body_schema}}
        if not text:
            content["multipart/form-data"] = {"schema": {"type": "object", "properties": {
                "inputs": {"type": "string", "format": "binary"},
                "options": {"type": "string", "description": "JSON object"}}}}
        route.summary = f"{spec.name}: {spec.description or spec.result}"
        route.description = f"Model: {card.name}. Returns {spec.result}."
        route.openapi_extra = {
            "requestBody": {"required": True, "content": content},
            "responses": {
                "200": {"description": "outputs with the shape of inputs", "content": {
                    "application/json": {"schema": {"type": "object", "properties": {
                        "task": {"type": "string"}, "model": {"type": "string"},
                        "outputs": {}}}}}},
                **{str(code): {"description": HTTP_ERROR_NAMES[code], "content": {
                    "application/json": {"schema": error}}} for code in (400, 413, 415, 422, 504)},
            },
        }


def _version() -> str:
    from taskzoo import __version__

    return __version__
