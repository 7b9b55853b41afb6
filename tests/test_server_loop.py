"""The inference workers' batching loop: it blocks while idle (no polling) and still collects
full batches, the first request included, exactly as LitServe's own loop does."""

from __future__ import annotations

import multiprocessing as mp
import threading
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


def test_an_idle_worker_waits_without_spinning(queue, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_loop, "IDLE_WAIT", 0.3)
    loop = IdleWaitBatchedLoop()
    cpu, wall = time.thread_time(), time.monotonic()
    assert loop.get_batch_requests(api(), queue, Transport()) == ([], [])
    waited = time.monotonic() - wall
    assert waited >= 0.25  # it blocked for the idle wait (longer than the batch window) ...
    # ... asleep: LitServe's own loop, polling every millisecond, spends ~7 % of the time on CPU
    assert time.thread_time() - cpu < 0.02 * waited


def test_a_batch_includes_the_first_request_and_keeps_order(queue) -> None:
    for i in range(6):
        queue.put(request(i))
    time.sleep(0.2)  # let the queue's feeder thread deliver them
    loop = IdleWaitBatchedLoop()
    batch, timed_out = loop.get_batch_requests(api(max_batch_size=4), queue, Transport())
    assert [uid for _, uid, _ in batch] == ["uid-0", "uid-1", "uid-2", "uid-3"]
    assert timed_out == []
    rest, _ = loop.get_batch_requests(api(max_batch_size=4), queue, Transport())
    assert [uid for _, uid, _ in rest] == ["uid-4", "uid-5"]


def test_requests_arriving_within_the_window_join_the_batch(queue) -> None:
    loop = IdleWaitBatchedLoop()
    late = threading.Timer(0.05, lambda: [queue.put(request(i)) for i in (1, 2)])
    queue.put(request(0))
    late.start()
    batch, _ = loop.get_batch_requests(api(batch_timeout=0.5), queue, Transport())
    late.join()
    assert [uid for _, uid, _ in batch] == ["uid-0", "uid-1", "uid-2"]


def test_the_stop_sentinel_still_stops_the_loop(queue) -> None:
    from litserve.loops.base import _SENTINEL_VALUE, _StopLoopError

    queue.put(_SENTINEL_VALUE)
    with pytest.raises(_StopLoopError):
        IdleWaitBatchedLoop().get_batch_requests(api(), queue, Transport())
