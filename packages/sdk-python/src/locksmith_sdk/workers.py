"""A small pool of daemon threads, for work the runtime runs in the background.

`concurrent.futures.ThreadPoolExecutor` joins its threads at interpreter exit, so a request hung
on a dead store would hold the process open; these threads are daemons, idle ones exit after a
while, and `shutdown()` ends them all (the client's close()).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

_Item = tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]


class DaemonPool:
    """Runs callables on up to `max_threads` daemon threads; returns concurrent Futures."""

    def __init__(self, name: str, max_threads: int = 32, idle_s: float = 30.0) -> None:
        self._name = name
        self._max = max_threads
        self._idle_s = idle_s
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0
        # Items submitted and not yet taken by a thread. Compared with `_idle` under the lock: a
        # thread that has taken an item but not yet said so still counts in both, so the
        # comparison stays right (comparing `_idle` with 0 left an item waiting while every
        # thread was busy, whenever a thread counted as idle was about to take an earlier item).
        self._pending = 0
        self._threads: set[threading.Thread] = set()
        self._counter = 0
        self._closed = False

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                future.set_exception(RuntimeError(f"{self._name}: pool is shut down"))
                return future
            self._queue.put((future, fn, args))
            self._pending += 1
            if self._idle < self._pending and len(self._threads) < self._max:
                self._counter += 1
                thread = threading.Thread(target=self._work, name=f"{self._name}-{self._counter}", daemon=True)
                self._threads.add(thread)
                thread.start()
        return future

    def shutdown(self, timeout_s: float | None = 5.0) -> None:
        """Stops accepting work, lets running items finish, and joins the threads."""
        with self._lock:
            self._closed = True
            threads = list(self._threads)
            for _ in threads:
                self._queue.put(None)
        current = threading.current_thread()
        for thread in threads:
            if thread is not current:
                thread.join(timeout_s)

    @property
    def thread_count(self) -> int:
        with self._lock:
            return len(self._threads)

    def _work(self) -> None:
        me = threading.current_thread()
        while True:
            with self._lock:
                self._idle += 1
            try:
                item = self._queue.get(timeout=self._idle_s)
            except queue.Empty:
                with self._lock:
                    self._idle -= 1
                    if self._queue.empty() or self._closed:
                        self._threads.discard(me)
                        return
                continue
            with self._lock:
                self._idle -= 1
                if item is not None:
                    self._pending -= 1
            if item is None:
                with self._lock:
                    self._threads.discard(me)
                return
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as error:  # noqa: BLE001 - handed to whoever waits on the future
                future.set_exception(error)
            else:
                future.set_result(result)
            del future, fn, args, item
