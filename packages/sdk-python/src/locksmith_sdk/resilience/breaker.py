"""A circuit breaker per store."""

from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Literal

from ..clock import Clock


@dataclasses.dataclass(frozen=True)
class BreakerPolicy:
    """`failure_threshold` consecutive failed calls open it; `cooldown_ms` later one probe goes through."""

    failure_threshold: int = 5
    cooldown_ms: float = 30_000.0


class CircuitBreaker:
    """Closed: calls pass. After `failure_threshold` consecutive failed calls (a store error or a
    deadline that ran out) it opens and calls fail fast with CIRCUIT_OPEN. After the cooldown one
    probe is let through (half-open): its success closes the breaker, its failure re-opens it."""

    def __init__(self, provider: str, policy: BreakerPolicy, clock: Clock, logger: logging.Logger) -> None:
        self.provider = provider
        self._policy = policy
        self._clock = clock
        self._logger = logger
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> Literal["closed", "open", "half-open"]:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half-open" if self._probing else "open"

    def allow(self) -> bool:
        """May a call go to the store now? Claims the probe slot once the cooldown is over."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._probing or self._clock.now_ms() < self._opened_at + self._policy.cooldown_ms:
                return False
            self._probing = True
            return True

    def retry_in_ms(self) -> float:
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self._opened_at + self._policy.cooldown_ms - self._clock.now_ms())

    def success(self) -> None:
        with self._lock:
            was_open = self._opened_at is not None
            self._failures = 0
            self._opened_at = None
            self._probing = False
        if was_open:
            self._logger.info("locksmith: circuit closed", extra={"event": "breaker_closed", "provider": self.provider})

    def failure(self) -> None:
        with self._lock:
            self._failures += 1
            opens = self._probing or (self._opened_at is None and self._failures >= self._policy.failure_threshold)
            if opens:
                self._opened_at = self._clock.now_ms()
                self._probing = False
            failures = self._failures
        if opens:
            self._logger.warning(
                "locksmith: circuit opened",
                extra={
                    "event": "breaker_open",
                    "provider": self.provider,
                    "failures": failures,
                    "cooldown_ms": self._policy.cooldown_ms,
                },
            )

    def release(self) -> None:
        """A call that ended without a verdict (aborted by its caller) gives the probe slot back."""
        with self._lock:
            self._probing = False
