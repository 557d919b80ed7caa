"""Helpers for testing services that use Locksmith: a clock the test moves by hand."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable

from .clock import TimerEntry
from .resilience.abort import CancelToken


class FakeClock:
    """A clock that moves only when told: `advance(ms)` runs every timer that falls due, in order,
    on the calling thread. Sleeps (retry backoff) end when time is advanced past them."""

    def __init__(self, start_ms: float | None = None) -> None:
        self._now = time.time() * 1000.0 if start_ms is None else start_ms
        self._timers: list[TimerEntry] = []
        self._seq = itertools.count()
        self._lock = threading.Condition()

    def now_ms(self) -> float:
        with self._lock:
            return self._now

    def call_later(self, delay_ms: float, callback: Callable[[], None]) -> TimerEntry:
        with self._lock:
            timer = TimerEntry(self._now + max(0.0, delay_ms), next(self._seq), callback)
            heapq.heappush(self._timers, timer)
            self._lock.notify_all()
            return timer

    def sleep(self, delay_ms: float, token: CancelToken) -> bool:
        if delay_ms <= 0:
            return not token.cancelled
        woke = threading.Event()
        timer = self.call_later(delay_ms, woke.set)
        unsubscribe = token.on_cancel(lambda _: woke.set())
        woke.wait()
        unsubscribe()
        timer.cancel()
        return not token.cancelled

    def advance(self, ms: float) -> None:
        """Moves time forward by `ms`, firing due timers (a callback may schedule more)."""
        with self._lock:
            until = self._now + ms
        while True:
            with self._lock:
                while self._timers and self._timers[0].cancelled:
                    heapq.heappop(self._timers)
                if not self._timers or self._timers[0].at > until:
                    self._now = until
                    return
                timer = heapq.heappop(self._timers)
                self._now = max(self._now, timer.at)
            timer.callback()

    def pending(self) -> int:
        """Timers not yet fired nor cancelled."""
        with self._lock:
            return sum(1 for t in self._timers if not t.cancelled)

    def wait_for_timers(self, count: int, timeout_s: float = 5.0) -> bool:
        """Blocks until at least `count` timers are pending (a worker armed its refresh or sleep)."""
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while sum(1 for t in self._timers if not t.cancelled) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
            return True

    def close(self) -> None:
        return None
