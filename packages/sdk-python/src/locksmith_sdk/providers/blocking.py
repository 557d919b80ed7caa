"""Runs a blocking client call so that a cancelled token stops the wait at once.

boto3 and hvac take no cancellation: the call runs on a daemon thread and the caller waits for
either its result or the token. An abandoned request ends on its own socket timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TypeVar

from ..errors import SecretsError
from ..resilience.abort import CancelToken
from ..workers import DaemonPool

T = TypeVar("T")


class BlockingCalls:
    """One provider's pool of I/O threads, created on first use."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._pool: DaemonPool | None = None
        self._lock = threading.Lock()

    def run(self, fn: Callable[[], T], token: CancelToken, secret: str | None = None) -> T:
        """fn() unless `token` is cancelled first; then raises the token's reason."""
        if token.cancelled:
            raise token.reason(secret)
        future: Future[T] = self._ensure_pool().submit(fn)
        done = threading.Event()
        future.add_done_callback(lambda _: done.set())
        unsubscribe = token.on_cancel(lambda _: done.set())
        try:
            done.wait()
        finally:
            unsubscribe()
        if future.done():
            return future.result()
        raise token.reason(secret)

    def run_all(
        self, calls: Sequence[Callable[[], T]], token: CancelToken, secrets: Sequence[str | None]
    ) -> list[T | BaseException]:
        """Runs every call at once; each slot holds its result, its exception, or the token's reason."""
        if token.cancelled:
            return [token.reason(s) for s in secrets]
        pool = self._ensure_pool()
        futures: list[Future[T]] = [pool.submit(fn) for fn in calls]
        finished = threading.Event()
        left = [len(futures)]
        lock = threading.Lock()

        def one_done(_: Future[T]) -> None:
            with lock:
                left[0] -= 1
                if left[0] == 0:
                    finished.set()

        for future in futures:
            future.add_done_callback(one_done)
        unsubscribe = token.on_cancel(lambda _: finished.set())
        try:
            finished.wait()
        finally:
            unsubscribe()
        out: list[T | BaseException] = []
        for future, secret in zip(futures, secrets, strict=True):
            if not future.done():
                out.append(token.reason(secret))
            elif (error := future.exception()) is not None:
                out.append(error)
            else:
                out.append(future.result())
        return out

    def _ensure_pool(self) -> DaemonPool:
        with self._lock:
            if self._pool is None:
                self._pool = DaemonPool(f"locksmith-{self._name}-io", max_threads=64)
            return self._pool

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            # Hung requests end on their socket timeouts; do not wait for them here.
            pool.shutdown(timeout_s=0)


def aborted(secret: str) -> SecretsError:
    return SecretsError("ABORTED", f'call for secret "{secret}" was aborted', secret=secret)
