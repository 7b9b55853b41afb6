"""Stopping cleanly and noticing dead workers.

**Shutdown.** LitServe stops its API-server and inference-worker processes when its main process
gets ``KeyboardInterrupt`` (Ctrl-C), but SIGTERM — what systemd, docker and Kubernetes send — used
to kill the main process alone and leave the children listening on the port. While the server
runs, :func:`stop_on_signals` turns the first SIGTERM/SIGINT/SIGHUP delivered to the main process
into ``KeyboardInterrupt`` (so LitServe's own shutdown runs: uvicorn stops accepting and finishes
in-flight requests within its grace period, then every worker is terminated and the port freed)
and ignores repeats, so a second signal cannot cut that cleanup short. Processes forked from the
main one inherit the handler; in them it falls back to the default action.

**Dead workers.** Each task's inference worker records its pid in the task's shared counters;
:func:`worker_alive` tells the HTTP processes whether it still runs, so ``/health`` reports a dead
worker and requests to its task are answered 503 at once instead of waiting for a timeout.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from types import FrameType

#: Signals that stop the server gracefully.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While inside, a stop signal to this process raises ``KeyboardInterrupt`` once."""
    owner = os.getpid()

    def handler(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a forked child that inherited the handler: default action
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        for sig in STOP_SIGNALS:  # the cleanup must not be interrupted by a second signal
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")

    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def worker_alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie, dead but not yet reaped, counts as dead).

    ``pid`` 0 means the worker has not started yet: it counts as alive (still loading).
    """
    if pid <= 0:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc (not Linux): ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def reap_children(grace: float = 5.0) -> list[int]:
    """Terminate (then kill) every multiprocessing child still alive; return their pids.

    LitServe stops its own processes on a clean shutdown; this catches the rest, e.g. when the
    stop signal came while the workers were still starting.
    """
    import multiprocessing as mp

    left = mp.active_children()
    for child in left:
        child.terminate()
    for child in left:
        child.join(grace)
        if child.is_alive():
            child.kill()
            child.join(grace)
    return [child.pid for child in left if child.pid is not None]
