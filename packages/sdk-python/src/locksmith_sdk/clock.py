"""Time for the runtime: wall-clock milliseconds, timers and interruptible sleeps.

Everything that waits goes through a Clock, so tests pass a fake one (see `locksmith_sdk.testing`)
and move time without sleeping. The system clock runs every timer of a client on one daemon
thread with a heap of due times, so thousands of secrets do not cost thousands of threads.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
import time
from collections.abc import Callable
from typing import Protocol

from .resilience.abort import CancelToken


class Timer(Protocol):
    """A pending call; cancel() makes sure it never runs (a no-op once it ran)."""

    def cancel(self) -> None: ...


class Clock(Protocol):
    """What the runtime needs from time. Implementations must be thread-safe."""

    def now_ms(self) -> float:
        """Milliseconds since the epoch (wall clock: store creation dates are compared to it)."""
        ...

    def call_later(self, delay_ms: float, callback: Callable[[], None]) -> Timer:
        """Runs `callback` once after `delay_ms`, on a thread of the clock's choosing."""
        ...

    def sleep(self, delay_ms: float, token: CancelToken) -> bool:
        """Waits `delay_ms`; returns False at once when `token` is cancelled first."""
        ...

    def close(self) -> None:
        """Stops the clock's own thread, if it has one."""
        ...


class TimerEntry:
    """A heap entry of a clock's timers: due time, tie-breaking sequence, callback; cancel() marks it."""

    __slots__ = ("at", "seq", "callback", "cancelled")

    def __init__(self, at: float, seq: int, callback: Callable[[], None]) -> None:
        self.at = at
        self.seq = seq
        self.callback = callback
        self.cancelled = False

    def __lt__(self, other: TimerEntry) -> bool:
        return (self.at, self.seq) < (other.at, other.seq)

    def cancel(self) -> None:
        self.cancelled = True


class SystemClock:
    """Real time. Timers run on one daemon thread, started on first use and ended by close()."""

    def __init__(self, thread_name: str = "locksmith-timer") -> None:
        self._name = thread_name
        self._heap: list[TimerEntry] = []
        self._seq = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def now_ms(self) -> float:
        return time.time() * 1000.0

    def call_later(self, delay_ms: float, callback: Callable[[], None]) -> Timer:
        entry = TimerEntry(time.monotonic() + max(0.0, delay_ms) / 1000.0, next(self._seq), callback)
        with self._wake:
            if self._closed:
                entry.cancelled = True
                return entry
            heapq.heappush(self._heap, entry)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            elif self._heap[0] is entry:
                self._wake.notify()
        return entry

    def sleep(self, delay_ms: float, token: CancelToken) -> bool:
        if delay_ms <= 0:
            return not token.cancelled
        return not token.wait(delay_ms / 1000.0)

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._heap.clear()
            self._wake.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._closed:
                    while self._heap and self._heap[0].cancelled:
                        heapq.heappop(self._heap)
                    if not self._heap:
                        self._wake.wait()
                        continue
                    wait = self._heap[0].at - time.monotonic()
                    if wait <= 0:
                        break
                    self._wake.wait(wait)
                if self._closed:
                    return
                entry = heapq.heappop(self._heap)
            # A timer callback must never kill the timer thread.
            with contextlib.suppress(Exception):
                entry.callback()
