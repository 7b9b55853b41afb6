"""The batching loop of the inference workers: sleeps while idle instead of polling.

LitServe's own batched loop collects a batch by calling ``queue.get(timeout=0.001)`` for
``batch_timeout`` seconds, then starts again — with no requests it never blocks, so an idle
server with a dozen tasks kept 1.3 of this machine's 2 cores busy. This loop first waits for a
request (blocking, up to :data:`IDLE_WAIT` seconds at a time, no CPU), then lets LitServe collect
the rest of the batch exactly as before: the batch window still opens with the first request.
"""

from __future__ import annotations

from queue import Empty
from typing import Any

from litserve.loops.simple_loops import BatchedLoop

#: seconds one blocking wait for the first request of a batch lasts (then the loop checks again)
IDLE_WAIT = 1.0
_NOTHING = object()


class _Prefetched:
    """A request queue with one request already taken off it, handed out first."""

    def __init__(self, first: Any, queue: Any) -> None:
        self._first = first
        self._queue = queue

    def _take_first(self) -> Any:
        first, self._first = self._first, _NOTHING
        return first

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        """The prefetched request, then the queue's."""
        if self._first is not _NOTHING:
            return self._take_first()
        return self._queue.get(block, timeout)

    def get_nowait(self) -> Any:
        """The prefetched request, then the queue's (without waiting)."""
        if self._first is not _NOTHING:
            return self._take_first()
        return self._queue.get_nowait()


class IdleWaitBatchedLoop(BatchedLoop):
    """LitServe's batched loop that blocks while no request is waiting."""

    def get_batch_requests(self, lit_api: Any, request_queue: Any,
                           transport: Any) -> tuple[list, list]:
        """Wait for a first request without polling, then collect the batch as LitServe does."""
        try:
            first = request_queue.get(timeout=IDLE_WAIT)
        except Empty:
            return [], []
        return super().get_batch_requests(lit_api, _Prefetched(first, request_queue), transport)
