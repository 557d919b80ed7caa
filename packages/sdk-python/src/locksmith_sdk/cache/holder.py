"""The cache cell of one secret, and its public handle.

A warm `get()` is an attribute read and a counter bump: no lock, no clock, no I/O, no key
building. Timers move the state instead: refresh-ahead at ~80% of the TTL (±10% jitter, so a
fleet started together does not refresh in step) and expiry once a value is older than
TTL + max staleness while refreshes fail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from ..clock import Timer
from ..decode.materialize import materialize
from ..descriptor import PlacementDescriptor, SecretDescriptor
from ..errors import SecretsError, closed_error
from ..resilience.backoff import RetryPolicy, full_jitter
from ..types import FetchResult, HealthState, RawVersion, SecretHealth, SecretVersions, Version
from .previous import PreviousVersion
from .wait import await_flight, wait_flight

if TYPE_CHECKING:
    from .host import HolderHost

V = TypeVar("V")

#: Refresh-ahead point and jitter, as fractions of the TTL.
REFRESH_AT = 0.8
JITTER = 0.1
#: Spacing of background retries after a failed refresh (the loader already retried within the call).
REFRESH_RETRY = RetryPolicy(attempts=1_000_000, base_ms=1000.0, cap_ms=60_000.0)

Mode = Literal["load", "refresh"]
Listener = Callable[[SecretVersions[V]], None]


class SecretHandle(Generic[V]):
    """A typed handle on one secret: `get()` (sync) / `aget()` (asyncio), `current()`, versions,
    change listeners, refresh and invalidate. Its repr shows health, never a value."""

    __slots__ = (
        "name",
        "secret",
        "placement",
        "provider_name",
        "ttl_ms",
        "hits",
        "misses",
        "loaded_at",
        "state",
        "last_error_code",
        "_snapshot",
        "_host",
        "_flight",
        "_refresh_failures",
        "_refresh_timer",
        "_expiry_timer",
        "_previous",
        "_listeners",
        "_last_version_id",
    )

    def __init__(
        self,
        secret: SecretDescriptor,
        placement: PlacementDescriptor,
        provider_name: str,
        ttl_ms: float,
        host: HolderHost,
    ) -> None:
        self.name = secret.name
        self.secret = secret
        self.placement = placement
        self.provider_name = provider_name
        self.ttl_ms = ttl_ms
        self.hits = 0
        self.misses = 0
        self.loaded_at: float | None = None
        self.state: HealthState = "cold"
        self.last_error_code: str | None = None
        self._snapshot: Version[V] | None = None
        self._host = host
        self._flight: Future[V] | None = None
        self._refresh_failures = 0
        self._refresh_timer: Timer | None = None
        self._expiry_timer: Timer | None = None
        # Created on first use: most secrets never rotate in-process nor get listeners.
        self._previous: PreviousVersion | None = None
        self._listeners: list[Listener[V]] | None = None
        self._last_version_id: str | None = None

    # -- reading ------------------------------------------------------------------------------

    def get(self, timeout: float | None = None) -> V:
        """The value. Warm: a memory read. Cold: fetched once however many threads wait.

        `timeout` (seconds) bounds how long this caller waits (TIMEOUT); the shared fetch goes on
        for the others and ends at the client's timeout.
        """
        snapshot = self._snapshot
        if snapshot is not None:
            self.hits += 1
            return snapshot.value
        self.misses += 1
        return wait_flight(self._join("load"), timeout, self.name)

    async def aget(self, timeout: float | None = None) -> V:
        """`get()` for asyncio code: a cold load runs on the client's threads, never on the loop."""
        snapshot = self._snapshot
        if snapshot is not None:
            self.hits += 1
            return snapshot.value
        self.misses += 1
        return await await_flight(self._join("load"), timeout, self.name)

    def current(self) -> V:
        """The loaded value, without waiting; NOT_LOADED while cold."""
        snapshot = self._snapshot
        if snapshot is not None:
            return snapshot.value
        raise self._not_loaded()

    def _not_loaded(self) -> SecretsError:
        return SecretsError(
            "NOT_LOADED",
            f'secret "{self.name}" is not loaded: call get() or preload() first',
            secret=self.name,
        )

    @property
    def loaded(self) -> bool:
        """True while a value is held (fresh or stale)."""
        return self._snapshot is not None

    def refresh(self, timeout: float | None = None) -> V:
        """Fetches the value again now (joins a fetch already running) and returns it."""
        return wait_flight(self._join("refresh"), timeout, self.name)

    async def arefresh(self, timeout: float | None = None) -> V:
        """`refresh()` for asyncio code."""
        return await await_flight(self._join("refresh"), timeout, self.name)

    def invalidate(self) -> None:
        """Drops the value; the next get() fetches it again."""
        host = self._host
        with host.lock:
            self._cancel_timers()
            self._drop()
            self.state = "cold"
            self.last_error_code = None
            if self._previous is not None:
                self._previous.reset()

    # -- rotation -----------------------------------------------------------------------------

    def versions(self, timeout: float | None = None) -> SecretVersions[V]:
        """Current and, during the overlap, previous version (AWSPREVIOUS, the older Vault version)."""
        self.get(timeout)
        current = self._snapshot
        if current is None:  # dropped between the two reads (expiry, invalidate)
            raise self._not_loaded()
        previous = self._previous_cell().get(current, None if timeout is None else timeout * 1000)
        return SecretVersions(current, previous)

    async def aversions(self, timeout: float | None = None) -> SecretVersions[V]:
        """`versions()` for asyncio code; the previous version is fetched on a worker thread."""
        await self.aget(timeout)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.versions, timeout)

    def revoke_previous(self) -> None:
        """Stops offering the previous version at once (until the next rotation)."""
        current = self._snapshot
        if current is not None:
            self._previous_cell().revoke(current.version_id)

    def on_change(self, listener: Listener[V]) -> Callable[[], None]:
        """Calls `listener(versions)` once per new version (refresh, files swap, reload after
        expiry or invalidate). Returns an unsubscribe function."""
        with self._host.lock:
            if self._listeners is None:
                self._listeners = []
            self._listeners.append(listener)
        listeners = self._listeners

        def unsubscribe() -> None:
            with self._host.lock:
                if listener in listeners:
                    listeners.remove(listener)

        return unsubscribe

    # -- health -------------------------------------------------------------------------------

    def health(self) -> SecretHealth:
        """State, age, version id, last error code and overlap end of this secret. Never a value."""
        snapshot = self._snapshot
        now = self._host.clock.now_ms()
        overlap_end = None
        if snapshot is not None and self._previous is not None:
            end = self._previous.overlap_ends_at(snapshot)
            overlap_end = end if end is not None and now <= end else None
        elif (
            snapshot is not None and self.secret.rotation.overlap_ms is not None and snapshot.created_at_ms is not None
        ):
            end = snapshot.created_at_ms + self.secret.rotation.overlap_ms
            overlap_end = end if now <= end else None
        return SecretHealth(
            secret=self.name,
            state=self.state,
            provider=self.provider_name,
            age_ms=None if self.loaded_at is None or snapshot is None else now - self.loaded_at,
            version_id=snapshot.version_id if snapshot is not None else None,
            last_error_code=self.last_error_code,
            overlap_ends_at_ms=overlap_end,
        )

    def values(self) -> Iterator[Any]:
        """Every value held (current and previous versions), for the masker."""
        snapshot = self._snapshot
        if snapshot is not None:
            yield snapshot.value
        if self._previous is not None:
            yield from self._previous.values()

    def __repr__(self) -> str:
        health = self.health()
        return (
            f"SecretHandle(name={self.name!r}, state={health.state!r}, provider={health.provider!r}, "
            f"version_id={health.version_id!r})"
        )

    # -- loading ------------------------------------------------------------------------------

    def ensure_loading(self) -> Future[V] | None:
        """Starts a load unless one is running or a value is held; for preload."""
        if self._snapshot is not None:
            return None
        return self._join("load")

    def background_refresh(self) -> None:
        """Fired by the refresh timer and by provider watches; failures are recorded, not raised."""
        if not self._host.closed:
            self._join("refresh", background=True)

    def dispose(self) -> None:
        """Stops timers and listeners and fails a pending flight with CLOSED (client close)."""
        with self._host.lock:
            self._cancel_timers()
            if self._listeners is not None:
                self._listeners.clear()
            flight = self._flight
        if flight is not None and not flight.done():
            flight.set_exception(closed_error(self.name))

    def _previous_cell(self) -> PreviousVersion:
        host = self._host
        with host.lock:
            if self._previous is None:
                self._previous = PreviousVersion(
                    name=self.name,
                    ttl_ms=self.ttl_ms,
                    overlap_ms=self.secret.rotation.overlap_ms,
                    host=host,
                    fetch_previous=lambda token: host.fetch_stage(self, "previous", token),
                    materialize=self._materialize,
                )
            return self._previous

    def _materialize(self, version: RawVersion) -> Any:
        return materialize(self.secret, version.value, self._host.factory_for(self.name))

    def claim_load(self) -> tuple[Future[V], Callable[[FetchResult], None] | None] | None:
        """For preload: None when a value is held; else the flight and, when this call started
        it, the callback the client must queue (the client queues all secrets in one go)."""
        if self._snapshot is not None:
            return None
        return self._claim("load")

    def _join(self, mode: Mode, background: bool = False) -> Future[V]:
        flight, done = self._claim(mode)
        if done is not None:
            self._host.enqueue(self, done, background)
        return flight

    def _claim(self, mode: Mode) -> tuple[Future[V], Callable[[FetchResult], None] | None]:
        """The running flight, or a new one and the callback that settles it (to be queued)."""
        host = self._host
        with host.lock:
            flight = self._flight
            if flight is not None:
                return flight, None
            flight = Future()
            if host.closed:
                flight.set_exception(closed_error(self.name))
                return flight, None
            self._flight = flight
        started = host.clock.now_ms()
        new_flight = flight

        def done(result: FetchResult) -> None:
            self._settle(new_flight, result, mode, started)

        return flight, done

    def _settle(self, flight: Future[V], result: FetchResult, mode: Mode, started: float) -> None:
        host = self._host
        error: SecretsError | None = None
        value: Any = None
        emit: SecretVersions[V] | None = None
        listeners: list[Listener[V]] = []
        with host.lock:
            if self._flight is flight:
                self._flight = None
            if host.closed:
                error = closed_error(self.name)
            elif result.version is not None:
                raw = result.version
                snapshot = self._snapshot
                try:
                    # Same version id, same value: keep the object callers already hold.
                    value = (
                        snapshot.value
                        if snapshot is not None and snapshot.version_id == raw.version_id
                        else self._materialize(raw)
                    )
                except SecretsError as problem:
                    error = problem
                if error is None:
                    emit = self._accept(raw, value)
                    listeners = list(self._listeners or ())
            else:
                error = result.error or SecretsError("UNAVAILABLE", "fetch failed", secret=self.name)
            if error is not None and not host.closed:
                error = error.for_secret(self.name)
                self._failed(error, mode)
        if error is not None:
            if not flight.done():
                flight.set_exception(error)
            return
        if not flight.done():
            flight.set_result(value)
        if emit is not None:
            for listener in listeners:
                try:
                    listener(emit)
                except Exception:  # noqa: BLE001 - one bad listener must not stop the others
                    host.logger.error(
                        "locksmith: on_change listener raised",
                        extra={"event": "listener_failed", "secret": self.name},
                    )

    def _accept(self, raw: RawVersion, value: Any) -> SecretVersions[V] | None:
        """Adopts a fetched version (under the host lock); returns the change event, if any."""
        host = self._host
        old = self._snapshot
        if old is None or old.value is not value or old.version_id != raw.version_id:
            # One object per version: a reader never sees fields of two versions.
            self._snapshot = Version(raw.version_id, value, raw.created_at_ms)
            host.values_changed()
        if raw.created_at_ms is None and self.secret.rotation.overlap_ms is not None:
            self._previous_cell().saw(raw.version_id)
        self.loaded_at = host.clock.now_ms()
        self.state = "fresh"
        self.last_error_code = None
        self._refresh_failures = 0
        if self._expiry_timer is not None:
            self._expiry_timer.cancel()
            self._expiry_timer = None
        self._set_refresh(self._refresh_delay())
        changed = self._last_version_id is not None and self._last_version_id != raw.version_id
        self._last_version_id = raw.version_id
        if not changed:
            return None
        if old is not None and old.version_id != raw.version_id:
            self._previous_cell().rotated(old)
        current = self._snapshot
        assert current is not None
        return SecretVersions(current, old if old is not None and old.version_id != raw.version_id else None)

    def _failed(self, error: SecretsError, mode: Mode) -> None:
        host = self._host
        self.last_error_code = error.code
        extra = {"secret": self.name, "provider": self.provider_name, "code": error.code}
        if self._snapshot is not None:
            self.state = "stale"
            if self._expiry_timer is None:
                loaded_at = self.loaded_at if self.loaded_at is not None else host.clock.now_ms()
                expires_at = loaded_at + self.ttl_ms + host.max_staleness_ms
                self._expiry_timer = host.clock.call_later(max(0.0, expires_at - host.clock.now_ms()), self._expiry_due)
            host.logger.warning(
                "locksmith: refresh failed, serving last good value", extra={"event": "stale_serve", **extra}
            )
        else:
            self.state = "failed"
            host.logger.warning("locksmith: secret could not be loaded", extra={"event": "load_failed", **extra})
        if mode == "refresh":
            self._refresh_failures += 1
            delay = REFRESH_RETRY.base_ms + full_jitter(REFRESH_RETRY, self._refresh_failures - 1, host.random)
            self._set_refresh(delay)

    def _refresh_delay(self) -> float:
        """~80% of the TTL ±10% jitter."""
        jitter = (self._host.random() * 2 - 1) * JITTER * self.ttl_ms
        return max(1.0, self.ttl_ms * REFRESH_AT + jitter)

    def _set_refresh(self, delay_ms: float) -> None:
        if self._refresh_timer is not None:
            self._refresh_timer.cancel()
        if not self._host.closed:
            self._refresh_timer = self._host.clock.call_later(delay_ms, self._refresh_due)

    def _refresh_due(self) -> None:
        with self._host.lock:
            self._refresh_timer = None
        self.background_refresh()

    def _expiry_due(self) -> None:
        host = self._host
        with host.lock:
            self._expiry_timer = None
            if self.state != "stale" or host.closed:
                return
            self._drop()
            self.state = "failed"
            code = self.last_error_code
        host.logger.error(
            "locksmith: value exceeded its maximum staleness and was dropped",
            extra={"event": "value_expired", "secret": self.name, "provider": self.provider_name, "code": code},
        )

    def _drop(self) -> None:
        self._snapshot = None
        self._host.values_changed()

    def _cancel_timers(self) -> None:
        for timer in (self._refresh_timer, self._expiry_timer):
            if timer is not None:
                timer.cancel()
        self._refresh_timer = self._expiry_timer = None
