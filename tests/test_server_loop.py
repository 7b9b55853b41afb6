"""The inference workers' batching loop: it blocks while idle (no polling) and still collects
full batches, the first request included, exactly as LitServe's own loop does."""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_module
import time
from types import SimpleNamespace

import pytest

from taskzoo.server import _loop
from taskzoo.server._loop import IdleWaitBatchedLoop


class Transport:
    """Records what the loop sends back (LitServe's START messages)."""

    def __init__(self) -> None:
        self.sent: list[object] = []

    def send(self, item: object, consumer_id: int) -> None:
        self.sent.append(item)


def api(max_batch_size: int = 4, batch_timeout: float = 0.2) -> SimpleNamespace:
    return SimpleNamespace(max_batch_size=max_batch_size, batch_timeout=batch_timeout,
                           request_timeout=30.0, stream=False)


def request(i: int) -> tuple[int, str, float, str]:
    return (0, f"uid-{i}", time.monotonic(), f"payload-{i}")


@pytest.fixture()
def queue():
    q = mp.get_context("spawn").Queue()
    yield q
    q.close()


class SpyQueue(queue_module.Queue):
    """A thread queue that records how it is read; ``on_empty`` runs the first time a read
    finds it empty (to let requests "arrive" at that moment, without timers)."""

    def __init__(self, on_empty=None) -> None:
        super().__init__()
        self.calls: list[tuple[str, bool, float | None]] = []
        self._on_empty = on_empty

    def _arrive(self) -> None:
        if self.empty() and self._on_empty is not None:
            arrive, self._on_empty = self._on_empty, None
            arrive(self)

    def get(self, block: bool = True, timeout: float | None = None):
        self.calls.append(("get", block, timeout))
        self._arrive()
        return super().get(block=False)  # recorded above; answered at once, never sleeps

    def get_nowait(self):
        self.calls.append(("get_nowait", False, None))
        self._arrive()
        return super().get_nowait()


def test_an_idle_worker_blocks_once_instead_of_polling() -> None:
    spy = SpyQueue()
    assert IdleWaitBatchedLoop().get_batch_requests(api(), spy, Transport()) == ([], [])
    # one blocking read of IDLE_WAIT seconds; LitServe's loop polls every millisecond instead
    assert spy.calls == [("get", True, _loop.IDLE_WAIT)]


def test_a_batch_includes_the_first_request_and_keeps_order() -> None:
    spy = SpyQueue()
    for i in range(6):
        spy.put(request(i))
    loop = IdleWaitBatchedLoop()
    batch, timed_out = loop.get_batch_requests(api(max_batch_size=4), spy, Transport())
    assert [uid for _, uid, _ in batch] == ["uid-0", "uid-1", "uid-2", "uid-3"]
    assert timed_out == []
    rest, _ = loop.get_batch_requests(api(max_batch_size=4), spy, Transport())
    assert [uid for _, uid, _ in rest] == ["uid-4", "uid-5"]


def test_requests_arriving_within_the_window_join_the_batch() -> None:
    spy = SpyQueue(on_empty=lambda q: [q.put(request(i)) for i in (1, 2)])
    spy.put(request(0))
    # a long window and a batch of 3: the batch closes on its size, never on the clock
    batch, _ = IdleWaitBatchedLoop().get_batch_requests(
        api(max_batch_size=3, batch_timeout=60.0), spy, Transport())
    assert [uid for _, uid, _ in batch] == ["uid-0", "uid-1", "uid-2"]


def test_the_stop_sentinel_still_stops_the_loop(queue) -> None:
    from litserve.loops.base import _SENTINEL_VALUE, _StopLoopError

    queue.put(_SENTINEL_VALUE)
    with pytest.raises(_StopLoopError):
        IdleWaitBatchedLoop().get_batch_requests(api(), queue, Transport())
