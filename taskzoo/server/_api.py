"""One LitServe API per task: decode the normalised payload, run batches, encode results.

LitServe collects concurrent requests into one ``predict`` call (dynamic batching, bounded by
``max_batch_size`` and ``batch_timeout``). Here every request's inputs of one batch go through
the task's :class:`~taskzoo.pipeline.Pipeline` together, so N concurrent requests cost far fewer
than N model calls; a request that fails (a corrupt image, an unknown option) gets its own error
response and never spoils the other requests of its batch.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
import warnings
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import litserve as ls

from taskzoo.server._config import TEXT_KIND
from taskzoo.server._errors import RequestError, describe
from taskzoo.server._lifecycle import worker_alive
from taskzoo.server._loop import IdleWaitBatchedLoop

log = logging.getLogger("taskzoo.server")


@dataclass
class _Request:
    """One decoded request inside a batch."""

    inputs: list[Any]
    single: bool
    options: dict[str, Any]


@dataclass
class _Outcome:
    """What one request gets back: its results, or an error body with a status."""

    single: bool = True
    results: list[Any] | None = None
    error: dict[str, Any] | None = None


class _ItemError(dict):  # type: ignore[type-arg]
    """The error body of one input of a multi-input request, in place of its result."""


class Counters:
    """Process-shared counters of one task's API (read by ``GET /health``).

    Created before the workers start, so the inference worker and the HTTP processes share them.
    """

    def __init__(self) -> None:
        ctx = mp.get_context("spawn")
        self._values = {name: ctx.Value("q", 0) for name in
                        ("requests", "batches", "model_calls", "items", "errors", "loaded",
                         "failed", "pid")}
        self._load_error = ctx.Array("c", 1024)

    def add(self, name: str, amount: int = 1) -> None:
        """Add ``amount`` to a counter."""
        value = self._values[name]
        with value.get_lock():
            value.value += amount

    def snapshot(self) -> dict[str, int]:
        """Every counter's current value."""
        return {name: int(value.value) for name, value in self._values.items()}

    def set_load_error(self, message: str) -> None:
        """Remember why the model could not be loaded (shown by ``/health``)."""
        data = message.encode("utf-8", "replace")[:1023]
        self._load_error.value = data
        self._values["failed"].value = 1

    @property
    def load_error(self) -> str:
        """Why the model could not be loaded, or an empty string."""
        return bytes(self._load_error.value).decode("utf-8", "replace")

    def mark_worker(self) -> None:
        """Record the calling process as this task's inference worker."""
        self._values["pid"].value = os.getpid()

    @property
    def worker_pid(self) -> int:
        """The pid of the task's inference worker (0 until it started)."""
        return int(self._values["pid"].value)

    def worker_died(self) -> str:
        """Why the task cannot answer because its worker process is gone, or ''."""
        pid = self.worker_pid
        if worker_alive(pid):
            return ""
        return (f"the model worker of this task (pid {pid}) has died: the task cannot answer "
                "until the server is restarted; see the server log")


class TaskAPI(ls.LitAPI):
    """Serves one task at ``POST /v1/{task}`` with one model."""

    def __init__(
        self,
        task: str,
        model: str | None,
        input_kind: str,
        *,
        preload: bool,
        max_batch_size: int,
        batch_timeout: float,
    ) -> None:
        with warnings.catch_warnings():  # max_batch_size=1 is a valid choice, not a mistake
            warnings.simplefilter("ignore")
            super().__init__(max_batch_size=max_batch_size, batch_timeout=batch_timeout,
                             api_path=f"/v1/{task}",
                             loop=IdleWaitBatchedLoop() if max_batch_size > 1 else "auto")
        self.task = task
        self.model = model
        self.input_kind = input_kind
        self.preload = preload
        self.counters = Counters()
        self.pipeline: Any = None

    # -- lifecycle -----------------------------------------------------------------------------
    def setup(self, device: Any) -> None:
        """Create the task's pipeline in the worker; with ``preload`` load the weights now."""
        from taskzoo.pipeline import Pipeline

        self.counters.mark_worker()
        self.pipeline = Pipeline(self.task, self.model)
        if self.preload:
            try:
                self.pipeline.load()
            except Exception as exc:  # keep serving the other tasks; /health tells, calls get 503
                log.error("could not load the %s model: %s", self.task, exc)
                self.counters.set_load_error(f"{type(exc).__name__}: {exc}")
                return
            self.counters.add("loaded")

    # -- one request -----------------------------------------------------------------------------
    # LitServe reads the annotations of ``request`` and of encode_response's return value to
    # build the FastAPI route, so those two stay unannotated (the route takes a raw Request).
    def decode_request(self, request, **kwargs: Any) -> _Request:  # type: ignore[no-untyped-def]
        """The payload the HTTP layer already checked, with binary inputs as bytes."""
        from taskzoo.server._requests import decode_binary

        inputs = list(request["inputs"])
        if self.input_kind != TEXT_KIND:
            inputs = [decode_binary(item) for item in inputs]
        return _Request(inputs=inputs, single=bool(request["single"]),
                        options=dict(request.get("options") or {}))

    def batch(self, inputs: list[_Request]) -> list[_Request]:
        """Keep the batch as a list of requests (``predict`` groups them by options)."""
        return inputs

    def unbatch(self, output: list[_Outcome]) -> list[_Outcome]:
        """One outcome per request, already in order."""
        return output

    # -- a batch of requests -----------------------------------------------------------------------
    def predict(self, requests: list[_Request] | _Request, **kwargs: Any) -> Any:
        """Run every request of the batch; requests with the same options share model calls.

        With ``max_batch_size=1`` LitServe passes one request (and expects one outcome).
        """
        if isinstance(requests, _Request):
            return self.predict([requests])[0]
        self.counters.add("batches")
        self.counters.add("requests", len(requests))
        outcomes = [_Outcome(single=request.single) for request in requests]
        groups: dict[str, list[int]] = defaultdict(list)
        for index, request in enumerate(requests):
            groups[json.dumps(request.options, sort_keys=True)].append(index)
        for members in groups.values():
            self._run_group([requests[i] for i in members], [outcomes[i] for i in members])
        if not self.counters.snapshot()["loaded"] and self.pipeline.loaded:
            self.counters.add("loaded")
        return outcomes

    def _run_group(self, requests: list[_Request], outcomes: list[_Outcome]) -> None:
        items = [item for request in requests for item in request.inputs]
        try:
            results = self._run(items, requests[0].options)
        except Exception as exc:
            from taskzoo.errors import InvalidInputError

            # worth isolating: the model works (or never got to load because an input was bad,
            # inputs being checked first); a model that cannot load fails everyone alike
            isolate = self.pipeline.loaded or isinstance(exc, InvalidInputError)
            if isolate and len(requests) > 1:
                for request, outcome in zip(requests, outcomes, strict=True):
                    self._run_group([request], [outcome])
            elif isolate and len(items) > 1:
                self._run_each(requests[0], outcomes[0], exc)
            else:
                for outcome in outcomes:
                    self._fail(outcome, exc)
            return
        start = 0
        for request, outcome in zip(requests, outcomes, strict=True):
            outcome.results = results[start:start + len(request.inputs)]
            start += len(request.inputs)

    def _run_each(self, request: _Request, outcome: _Outcome, first: Exception) -> None:
        """A multi-input request whose batch failed: run its inputs one by one, so each failing
        input gets its own error object in ``outputs`` and the others their results (as the CLI
        reports per input). When every input fails, the request fails with the first error."""
        from taskzoo.errors import TaskZooError

        results: list[Any] = []
        errors = 0
        for item in request.inputs:
            try:
                results.append(self._run([item], request.options)[0])
            except Exception as exc:
                if not isinstance(exc, (RequestError, TaskZooError)):
                    log.exception("%s model failed on one input", self.task)
                results.append(_ItemError(exc.payload() if isinstance(exc, RequestError)
                                          else describe(exc)))
                errors += 1
        if errors == len(results):
            self._fail(outcome, first)
            return
        self.counters.add("errors", errors)
        outcome.results = results

    def _run(self, items: list[Any], options: dict[str, Any]) -> list[Any]:
        """Call the model on ``items`` in chunks of the pipeline's batch size."""
        results: list[Any] = []
        size = self.pipeline.batch_size
        for start in range(0, len(items), size):
            self.counters.add("model_calls")
            results.extend(self.pipeline.predict_batch(items[start:start + size], **options))
        self.counters.add("items", len(items))
        return results

    def _fail(self, outcome: _Outcome, exc: Exception) -> None:
        self.counters.add("errors")
        from taskzoo.errors import TaskZooError

        if isinstance(exc, RequestError):
            outcome.error = exc.payload()
        else:
            if not isinstance(exc, TaskZooError):
                log.exception("%s model failed", self.task)
            elif not self.pipeline.loaded and not self.counters.snapshot()["failed"]:
                self.counters.set_load_error(f"{type(exc).__name__}: {exc}")
            outcome.error = describe(exc)

    # -- the response ------------------------------------------------------------------------------
    def encode_response(self, output: _Outcome, **kwargs: Any):  # type: ignore[no-untyped-def]
        """``{"task", "model", "outputs"}``; ``outputs`` has the shape of ``inputs``."""
        from starlette.responses import JSONResponse

        from taskzoo.serialize import to_jsonable

        if output.error is not None:
            return JSONResponse(output.error, status_code=output.error["status"])
        assert output.results is not None
        results = output.results[0] if output.single else output.results
        body = {"task": self.task, "model": self.pipeline.card.name,
                "outputs": to_jsonable(results)}
        failed = [i for i, r in enumerate(output.results) if isinstance(r, _ItemError)]
        if failed:
            body["failed"] = failed
        return JSONResponse(body)

    def health(self) -> bool:
        """Settled: without ``--preload`` at once; with it once the model loaded (or failed to,
        which ``/health`` reports as degraded rather than waiting forever)."""
        counts = self.counters.snapshot()
        return not self.preload or bool(counts["loaded"] or counts["failed"])


