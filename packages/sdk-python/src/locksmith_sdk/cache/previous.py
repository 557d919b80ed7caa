"""The previous version of a secret, for the overlap of a dual-key rotation.

Offered only while `now <= current.created_at + overlap` (the store's creation date of the
current version; without a creation date, the time this process first loaded that version), and
without an overlap until the next rotation. `revoke()` stops offering it at once. Fetched on demand from the
store's previous stage and cached for the TTL (single flight); stores without stages (env, files)
answer NOT_FOUND, and then the value seen before the last change in this process stands in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

from ..errors import SecretsError
from ..resilience.abort import Deadline
from ..types import FetchResult, RawVersion, Version
from .host import HolderHost


class PreviousVersion:
    """The previous-version cell of one holder (see the module docstring)."""

    def __init__(
        self,
        name: str,
        ttl_ms: float,
        overlap_ms: float | None,
        host: HolderHost,
        fetch_previous: Callable[[Deadline], FetchResult],
        materialize: Callable[[RawVersion], Any],
    ) -> None:
        self._name = name
        self._ttl_ms = ttl_ms
        self._overlap_ms = overlap_ms
        self._host = host
        self._fetch_previous = fetch_previous
        self._materialize = materialize
        self._lock = threading.Lock()
        self._prior: Version[Any] | None = None
        self._cached: tuple[str, float, Version[Any] | None] | None = None
        self._flight: Future[Version[Any] | None] | None = None
        self._revoked_for: str | None = None
        #: The current version's id and when this process first loaded it (for stores without dates).
        self._seen: tuple[str, float] | None = None

    def saw(self, version_id: str) -> None:
        """A version was loaded; the first load of each one starts its overlap when it has no date."""
        with self._lock:
            if self._seen is None or self._seen[0] != version_id:
                self._seen = (version_id, self._host.clock.now_ms())

    def rotated(self, old: Version[Any]) -> None:
        """The current version changed; `old` is what it replaced."""
        with self._lock:
            self._prior = old
            self._cached = None

    def reset(self) -> None:
        with self._lock:
            self._cached = None

    def revoke(self, current_version: str) -> None:
        """Stops offering a previous version until the next rotation."""
        with self._lock:
            self._revoked_for = current_version

    def overlap_ends_at(self, current: Version[Any]) -> float | None:
        """Epoch ms when the previous version stops being offered; None when unbounded or over."""
        if self._overlap_ms is None or self._revoked_for == current.version_id:
            return None
        start = current.created_at_ms
        if start is None:
            seen = self._seen
            start = seen[1] if seen is not None and seen[0] == current.version_id else self._host.clock.now_ms()
        return start + self._overlap_ms

    def offered(self, current: Version[Any]) -> bool:
        if self._revoked_for == current.version_id:
            return False
        end = self.overlap_ends_at(current)
        return end is None or self._host.clock.now_ms() <= end

    def values(self) -> Iterator[Any]:
        prior, cached = self._prior, self._cached
        if prior is not None:
            yield prior.value
        if cached is not None and cached[2] is not None:
            yield cached[2].value

    def get(self, current: Version[Any], timeout_ms: float | None) -> Version[Any] | None:
        if not self.offered(current):
            return None
        with self._lock:
            cached = self._cached
            if cached is not None and cached[0] == current.version_id and self._host.clock.now_ms() < cached[1]:
                return cached[2]
            flight = self._flight
            if flight is None:
                flight = self._flight = Future()
                owner = True
            else:
                owner = False
        if owner:
            try:
                flight.set_result(self._load(current, timeout_ms))
            except SecretsError as error:
                flight.set_exception(error)
            finally:
                with self._lock:
                    self._flight = None
        return flight.result()

    def _load(self, current: Version[Any], timeout_ms: float | None) -> Version[Any] | None:
        host = self._host
        with Deadline(host.clock, timeout_ms or host.timeout_ms) as token:
            result = self._fetch_previous(token)
        prior = self._prior
        fallback = prior if prior is not None and prior.version_id != current.version_id else None
        version = fallback
        if result.version is not None:
            try:
                raw = result.version
                version = Version(raw.version_id, self._materialize(raw), raw.created_at_ms)
            except SecretsError as error:
                host.logger.warning(
                    "locksmith: previous version is invalid",
                    extra={"event": "previous_invalid", "secret": self._name, "code": error.code},
                )
        elif result.error is not None and result.error.code not in ("NOT_FOUND", "INVALID_REQUEST"):
            # The store is struggling: answer with what we know, but do not cache that answer.
            host.logger.warning(
                "locksmith: previous version unavailable",
                extra={"event": "previous_unavailable", "secret": self._name, "code": result.error.code},
            )
            return fallback
        with self._lock:
            self._cached = (current.version_id, host.clock.now_ms() + self._ttl_ms, version)
        host.values_changed()
        return version
