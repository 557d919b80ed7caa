"""Collects current-stage fetches asked for at about the same time and sends them per provider.

A flush is handed to a worker thread; every request enqueued until that worker drains the queue
joins the same flush (preload enqueues all secrets at once, so they share batches). Each flush
runs under the client's timeout and close token.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future

from ..clock import Clock, Timer
from ..errors import SecretsError
from ..resilience.abort import CancelToken, Deadline
from ..types import FetchRequest, FetchResult, Provider
from ..workers import DaemonPool
from .loader import Loader

_Entry = tuple[FetchRequest, Callable[[FetchResult], None]]


class Batcher:
    """Queues current-stage fetches per provider and flushes them through the loader."""

    def __init__(self, loader: Loader, clock: Clock, timeout_ms: float, closing: CancelToken, pool: DaemonPool) -> None:
        self._loader = loader
        self._clock = clock
        self._timeout_ms = timeout_ms
        self._closing = closing
        self._pool = pool
        self._lock = threading.Lock()
        self._queue: dict[int, tuple[Provider, list[_Entry]]] = {}
        self._scheduled = False
        self._timer: Timer | None = None

    def enqueue(
        self,
        items: Sequence[tuple[Provider, FetchRequest, Callable[[FetchResult], None]]],
        delay_ms: float = 0.0,
    ) -> None:
        """Queues requests; each `done(result)` is called once, on a worker thread.

        `delay_ms` (background refreshes) lets the flush wait that long for company, so refreshes
        that fall due close together share store calls; a request without delay flushes at once
        and takes whatever is waiting along.
        """
        with self._lock:
            for provider, request, done in items:
                slot = self._queue.get(id(provider))
                if slot is None:
                    self._queue[id(provider)] = (provider, [(request, done)])
                else:
                    slot[1].append((request, done))
            if not self._queue:
                return
            if self._scheduled and (delay_ms > 0 or self._timer is None):
                return
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._scheduled = True
            if delay_ms > 0:
                self._timer = self._clock.call_later(delay_ms, self._submit)
                return
        self._submit()

    def _submit(self) -> None:
        with self._lock:
            self._timer = None
        future: Future[None] = self._pool.submit(self._flush)
        future.add_done_callback(self._flush_failed)

    def _flush_failed(self, future: Future[None]) -> None:
        if future.exception() is not None:
            # The pool is shut down (client closing): answer what is queued.
            with self._lock:
                queued, self._queue = self._queue, {}
                self._scheduled = False
            for _, entries in queued.values():
                for request, done in entries:
                    done(FetchResult.failed(SecretsError("CLOSED", "client is closed").for_secret(request.secret.name)))

    def _flush(self) -> None:
        with self._lock:
            queued, self._queue = self._queue, {}
            self._scheduled = False
        batches = list(queued.values())
        if len(batches) > 1:
            # Different stores load in parallel: a slow Vault does not hold up AWS.
            helpers = [self._pool.submit(self._send, provider, entries) for provider, entries in batches[1:]]
            self._send(*batches[0])
            for helper in helpers:
                helper.result()
        elif batches:
            self._send(*batches[0])

    def _send(self, provider: Provider, entries: list[_Entry]) -> None:
        with Deadline(self._clock, self._timeout_ms, self._closing) as token:
            try:
                results = self._loader.fetch(provider, [request for request, _ in entries], token)
            except Exception:  # noqa: BLE001 - never leave a waiter hanging
                failure = SecretsError("UNAVAILABLE", f"{provider.name}: fetch failed", provider=provider.name)
                results = [FetchResult.failed(failure.for_secret(r.secret.name)) for r, _ in entries]
        for (_, done), result in zip(entries, results, strict=True):
            done(result)
