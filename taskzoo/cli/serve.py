"""``taskzoo serve``: the HTTP server with dynamic batching and the browser playground."""

from __future__ import annotations

import argparse
from typing import Any

EXAMPLE = """examples:
  taskzoo serve                                  # every installed task on 127.0.0.1:8000
  taskzoo serve --tasks sentiment ner --preload  # two tasks, /health is 200 once both are loaded
  curl -s localhost:8000/v1/sentiment -H 'Content-Type: application/json' \\
       -d '{"inputs": ["great film", "dull plot"]}'
  curl -s localhost:8000/v1/ocr -F inputs=@scan.png
then open http://127.0.0.1:8000/ for the playground, /docs for the API."""


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    from taskzoo.cli import NameList
    from taskzoo.server._config import ServerConfig

    d = ServerConfig()
    p = subparsers.add_parser(
        "serve", help="serve tasks over HTTP (needs taskzoo[serve])",
        description="Serve tasks over HTTP with LitServe: POST /v1/{task}, GET /v1/tasks, "
                    "GET /health, GET /docs, and a playground at /.",
        epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--tasks", nargs="+", default=[], metavar="TASK", action=NameList,
                   help="tasks to serve, as 'a b' or 'a,b' (default: every task whose extra "
                        "is installed)")
    p.add_argument("--model", action="append", default=[], metavar="TASK=MODEL",
                   help="serve MODEL for TASK instead of the default (repeatable)")
    p.add_argument("--host", default=d.host,
                   help=f"address to bind (default {d.host}: this machine only; 0.0.0.0 exposes "
                        "the server to the network)")
    p.add_argument("--port", type=int, default=d.port, help=f"port (default {d.port})")
    p.add_argument("--preload", action="store_true",
                   help="load every model at start; /health answers 503 until all are loaded")
    p.add_argument("--max-batch-size", type=int, default=d.max_batch_size,
                   help=f"requests batched into one model call at most (default "
                        f"{d.max_batch_size})")
    p.add_argument("--batch-timeout", type=float, default=d.batch_timeout,
                   help=f"seconds to wait for a batch to fill (default {d.batch_timeout})")
    p.add_argument("--max-body-mb", type=float, default=d.max_body_bytes / 2**20,
                   help=f"largest request body in MiB, else 413 (default "
                        f"{d.max_body_bytes / 2**20:g})")
    p.add_argument("--max-text-chars", type=int, default=d.max_text_chars,
                   help=f"longest text accepted, else 422 (default {d.max_text_chars})")
    p.add_argument("--max-inputs", type=int, default=d.max_inputs,
                   help=f"most inputs in one request, else 422 (default {d.max_inputs})")
    p.add_argument("--timeout", type=float, default=d.request_timeout,
                   help=f"seconds before a request is answered 504 (default "
                        f"{d.request_timeout:g})")
    p.add_argument("--api-servers", type=int, default=d.api_servers,
                   help="HTTP worker processes (default 1)")
    p.add_argument("--log-level", default=d.log_level,
                   choices=["debug", "info", "warning", "error"], help="server log level")
    p.set_defaults(func=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    """Start the server (blocks until Ctrl-C)."""
    from taskzoo.errors import InvalidInputError

    models: dict[str, str] = {}
    for item in args.model:
        task, sep, model = item.partition("=")
        if not sep or not task or not model:
            raise InvalidInputError(f"--model takes TASK=MODEL, got {item!r}")
        models[task] = model
    try:
        from taskzoo.server import ServerConfig, serve
    except ImportError as exc:
        from taskzoo.errors import MissingDependencyError

        raise MissingDependencyError(f'the server needs {exc.name}: pip install '
                                     '"taskzoo[serve]"') from exc
    config = ServerConfig(
        tasks=tuple(args.tasks), models=models, host=args.host, port=args.port,
        preload=args.preload, max_batch_size=args.max_batch_size,
        batch_timeout=args.batch_timeout, max_body_bytes=int(args.max_body_mb * 2**20),
        max_text_chars=args.max_text_chars, max_inputs=args.max_inputs,
        request_timeout=args.timeout, api_servers=args.api_servers, log_level=args.log_level,
    )
    print(f"taskzoo: serving on http://{args.host}:{args.port}/ (playground), "
          f"/docs (API), /health", flush=True)
    serve(config)
    return 0
