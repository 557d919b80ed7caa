"""Sends requests to providers: batches, bounded parallelism, retries, one breaker per provider."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Sequence

from ..clock import Clock
from ..errors import SecretsError
from ..resilience.abort import CancelToken
from ..resilience.backoff import RetryPolicy, full_jitter
from ..resilience.breaker import BreakerPolicy, CircuitBreaker
from ..types import FetchRequest, FetchResult, Provider
from ..workers import DaemonPool

#: Most provider calls one fetch keeps in flight: enough to preload hundreds of secrets in one
#: round trip's time, few enough that a huge preload does not trip its own timeouts.
MAX_CALLS_IN_FLIGHT = 8


@dataclasses.dataclass(frozen=True)
class LoaderContext:
    """What the loader needs from its client."""

    clock: Clock
    random: Callable[[], float]
    retry: RetryPolicy
    breaker: BreakerPolicy
    logger: logging.Logger
    pool: DaemonPool


class Loader:
    """Splits requests into `max_batch_size` calls (at most MAX_CALLS_IN_FLIGHT at once), retries
    retryable failures with full-jitter backoff (only the failed requests), and keeps one circuit
    breaker per provider. Always answers with one result per request."""

    def __init__(self, context: LoaderContext) -> None:
        self._ctx = context
        self._breakers: dict[int, CircuitBreaker] = {}
        self._lock = threading.Lock()

    def breaker_for(self, provider: Provider) -> CircuitBreaker:
        with self._lock:
            breaker = self._breakers.get(id(provider))
            if breaker is None:
                breaker = CircuitBreaker(provider.name, self._ctx.breaker, self._ctx.clock, self._ctx.logger)
                self._breakers[id(provider)] = breaker
            return breaker

    def fetch(self, provider: Provider, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        size = max(1, provider.max_batch_size)
        chunks = [list(requests[i : i + size]) for i in range(0, len(requests), size)]
        if len(chunks) <= 1:
            return self._fetch_chunk(provider, chunks[0], token) if chunks else []
        results: list[list[FetchResult]] = [[] for _ in chunks]
        cursor = iter(range(len(chunks)))
        cursor_lock = threading.Lock()

        def lane() -> None:
            while True:
                with cursor_lock:
                    index = next(cursor, None)
                if index is None:
                    return
                results[index] = self._fetch_chunk(provider, chunks[index], token)

        helpers = [self._ctx.pool.submit(lane) for _ in range(min(MAX_CALLS_IN_FLIGHT, len(chunks)) - 1)]
        lane()
        for helper in helpers:
            helper.result()
        return [result for chunk in results for result in chunk]

    def _fetch_chunk(self, provider: Provider, requests: list[FetchRequest], token: CancelToken) -> list[FetchResult]:
        results: list[FetchResult | None] = [None] * len(requests)
        pending = list(range(len(requests)))
        breaker = self.breaker_for(provider)
        attempt = 0
        while True:
            if not breaker.allow():
                for i in pending:
                    results[i] = FetchResult.failed(_circuit_open(provider, requests[i], breaker))
                break
            answers = self._attempt(provider, [requests[i] for i in pending], token)
            store_failed = all(a.error is not None and a.error.retryable for a in answers)
            # A caller that gave up says nothing about the store; a deadline that ran out does.
            if token.cancelled and token.reason().code != "TIMEOUT":
                breaker.release()
            elif store_failed:
                breaker.failure()
            else:
                breaker.success()
            retry = []
            for i, answer in zip(pending, answers, strict=True):
                results[i] = answer
                if answer.error is not None and answer.error.retryable:
                    retry.append(i)
            attempt += 1
            if not retry or attempt >= self._ctx.retry.attempts or token.cancelled:
                break
            delay = full_jitter(self._ctx.retry, attempt - 1, self._ctx.random)
            if not self._ctx.clock.sleep(delay, token):
                break
            pending = retry
        return [
            r if r is not None else FetchResult.failed(token.reason(requests[i].secret.name))
            for i, r in enumerate(results)
        ]

    def _attempt(self, provider: Provider, batch: list[FetchRequest], token: CancelToken) -> list[FetchResult]:
        """One provider call; whatever goes wrong becomes one SecretsError per request."""
        problem: SecretsError
        try:
            answers = provider.fetch(batch, token)
            if len(answers) == len(batch):
                return [
                    a if a.error is None else FetchResult.failed(a.error.for_secret(r.secret.name))
                    for r, a in zip(batch, answers, strict=True)
                ]
            problem = SecretsError(
                "MALFORMED_RESPONSE",
                f"{provider.name}: returned {len(answers)} results for {len(batch)} requests",
                provider=provider.name,
            )
        except SecretsError as error:
            problem = error
        except Exception:  # noqa: BLE001 - a foreign error may carry request data; keep only that it happened
            problem = SecretsError("UNAVAILABLE", f"{provider.name}: fetch failed", provider=provider.name)
        return [FetchResult.failed(problem.for_secret(r.secret.name)) for r in batch]


def _circuit_open(provider: Provider, request: FetchRequest, breaker: CircuitBreaker) -> SecretsError:
    name = request.secret.name
    return SecretsError(
        "CIRCUIT_OPEN",
        f'{provider.name}: circuit open for secret "{name}", next probe in {breaker.retry_in_ms():.0f} ms',
        secret=name,
        provider=provider.name,
    )
