"""The runtime client of one service: handles, preload, health, masking, close."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from typing import Any

from .cache.batcher import Batcher
from .cache.holder import SecretHandle
from .cache.loader import Loader, LoaderContext
from .clock import Clock, SystemClock
from .decode.materialize import Factory
from .decode.validate import validator_for
from .descriptor import PlacementDescriptor, ServiceDescriptor
from .errors import AggregateSecretsError, SecretsError
from .options import DEFAULT_CACHE_TTL_MS, ClientOptions
from .redact.masker import Masker
from .resilience.abort import CancelToken, Deadline
from .select import select_providers
from .types import FetchRequest, FetchResult, HealthReport, Provider, VersionStage
from .workers import DaemonPool


def pick_environment(descriptor: ServiceDescriptor, wanted: str | None) -> str:
    """The environment to run in; CONFIGURATION listing the valid names when missing or unknown."""
    valid = list(descriptor.environments)
    if wanted is not None and wanted in descriptor.environments:
        return wanted
    why = (
        "no environment given (set LOCKSMITH_ENV or pass environment=)"
        if wanted is None
        else f'unknown environment "{wanted}"'
    )
    raise SecretsError("CONFIGURATION", f'{why}; service "{descriptor.service}" runs in: {", ".join(valid)}')


def create_client(descriptor: ServiceDescriptor | Mapping[str, Any], **options: Any) -> SecretClient:
    """Creates the runtime client of one service from its descriptor.

    Keyword options are the fields of `ClientOptions`. Raises SecretsError CONFIGURATION when the
    environment is missing or unknown, a schema does not compile, or a store lacks its settings.
    """
    parsed = descriptor if isinstance(descriptor, ServiceDescriptor) else ServiceDescriptor.from_dict(descriptor)
    return SecretClient(parsed, ClientOptions(**options))


class SecretClient:
    """Reads the secrets of one service, keeps them in memory and refreshes them in the background.

    Thread-safe. Every blocking method has an asyncio twin (`aget`, `apreload`, …) whose waiting
    happens on the event loop while the I/O runs on the client's daemon threads. Use it as a
    context manager (`with` / `async with`) or call close(). Its repr shows health, never a value.
    """

    def __init__(self, descriptor: ServiceDescriptor, options: ClientOptions | None = None) -> None:
        options = options or ClientOptions()
        env: Mapping[str, str] = options.env if options.env is not None else os.environ
        self.descriptor = descriptor
        self.service = descriptor.service
        self.environment = pick_environment(descriptor, options.environment or env.get("LOCKSMITH_ENV"))
        self.clock: Clock = options.clock or SystemClock(f"locksmith-{self.service}-timer")
        self._owns_clock = options.clock is None
        self.random = options.random
        self.logger = options.logger
        self.timeout_ms = options.timeout_ms
        self.max_staleness_ms = options.max_staleness_ms
        self._refresh_window_ms = options.refresh_window_ms
        self.lock = threading.RLock()
        self._closed = False
        self._closing = CancelToken()
        self._factories: Mapping[str, Factory] = dict(options.factories)
        self._pool = DaemonPool(f"locksmith-{self.service}", max_threads=256)
        self._loader = Loader(
            LoaderContext(
                clock=self.clock,
                random=self.random,
                retry=options.retry,
                breaker=options.breaker,
                logger=self.logger,
                pool=self._pool,
            )
        )
        self._batcher = Batcher(self._loader, self.clock, self.timeout_ms, self._closing, self._pool)
        self._masker = Masker(self._loaded_values)
        for secret in descriptor.secrets.values():
            validator_for(secret)
        selection = select_providers(descriptor, self.environment, options, env, self.clock)
        self._owned = selection.owned
        self._holders: dict[str, SecretHandle[Any]] = {}
        self._provider_of: dict[int, Provider] = {}
        for secret in descriptor.secrets.values():
            provider = selection.by_secret[secret.name]
            placement = secret.placements.get(self.environment) or PlacementDescriptor("aws", secret.name)
            ttl = options.cache_ttl_ms or secret.cache_ttl_ms or DEFAULT_CACHE_TTL_MS
            holder: SecretHandle[Any] = SecretHandle(secret, placement, provider.name, ttl, self)
            self._holders[secret.name] = holder
            self._provider_of[id(holder)] = provider
        self._unwatch: list[Callable[[], None]] = []
        for provider in {id(p): p for p in self._provider_of.values()}.values():
            watch = getattr(provider, "watch", None)
            if callable(watch):
                self._unwatch.append(watch(self._changed))

    # -- reading ------------------------------------------------------------------------------

    def secret(self, name: str) -> SecretHandle[Any]:
        """The handle of one secret; CONFIGURATION when the service does not read it."""
        holder = self._holders.get(name)
        if holder is None:
            raise _unknown(name)
        return holder

    def get(self, name: str, timeout: float | None = None) -> Any:
        """The value of `name` (see SecretHandle.get)."""
        holder = self._holders.get(name)
        if holder is None:
            raise _unknown(name)
        return holder.get(timeout)

    async def aget(self, name: str, timeout: float | None = None) -> Any:
        """`get()` for asyncio code: a cold load never blocks the event loop."""
        holder = self._holders.get(name)
        if holder is None:
            raise _unknown(name)
        return await holder.aget(timeout)

    def preload(self, timeout: float | None = None) -> None:
        """Loads every secret in the fewest store calls (batches of 20 on AWS).

        Raises one AggregateSecretsError listing every failure. Call it at start-up to fail fast.
        """
        flights = self._start_all()
        deadline = None if timeout is None else self.clock.now_ms() + timeout * 1000
        failures: list[SecretsError] = []
        for name, flight in flights:
            remaining = None if deadline is None else max(0.0, (deadline - self.clock.now_ms()) / 1000)
            try:
                flight.result(remaining)
            except SecretsError as error:
                failures.append(error)
            except concurrent.futures.TimeoutError:
                failures.append(SecretsError("TIMEOUT", f'preload timed out waiting for secret "{name}"', secret=name))
        if failures:
            raise AggregateSecretsError(failures)

    async def apreload(self, timeout: float | None = None) -> None:
        """`preload()` for asyncio code; `timeout` in seconds bounds the wait."""
        flights = self._start_all()
        waiters = [asyncio.wrap_future(_shielded(flight)) for _, flight in flights]
        done, pending = await asyncio.wait(waiters, timeout=timeout) if waiters else (set(), set())
        failures: list[SecretsError] = []
        for (name, _), waiter in zip(flights, waiters, strict=True):
            if waiter in pending:
                waiter.cancel()
                failures.append(SecretsError("TIMEOUT", f'preload timed out waiting for secret "{name}"', secret=name))
            elif isinstance(error := waiter.exception(), SecretsError):
                failures.append(error)
        if failures:
            raise AggregateSecretsError(failures)

    def _start_all(self) -> list[tuple[str, Future[Any]]]:
        """Starts every cold secret's load and queues them in one go, so they share batches."""
        flights: list[tuple[str, Future[Any]]] = []
        items = []
        for holder in self._holders.values():
            claimed = holder.claim_load()
            if claimed is None:
                continue
            flight, done = claimed
            flights.append((holder.name, flight))
            if done is not None:
                items.append((self._provider_of[id(holder)], self.request_for(holder, "current"), done))
        if items:
            self._batcher.enqueue(items)
        return flights

    # -- state --------------------------------------------------------------------------------

    def health(self) -> HealthReport:
        """Per-secret state; `ready` when every secret holds a value within its staleness bound."""
        secrets = tuple(h.health() for h in self._holders.values())
        return HealthReport(ready=all(h.loaded for h in self._holders.values()), secrets=secrets)

    def mask(self, text: str) -> str:
        """`text` with every loaded value (and its base64, hex, URL and JSON forms) as [REDACTED]."""
        return self._masker.mask(text)

    def contains_secret(self, text: str) -> bool:
        """True when `text` holds a loaded value in any form the masker knows."""
        return self._masker.contains(text)

    @property
    def closed(self) -> bool:
        """True once close() was called."""
        return self._closed

    def close(self) -> None:
        """Stops timers, watches and background threads, fails waiters with CLOSED, closes stores."""
        with self.lock:
            if self._closed:
                return
            self._closed = True
        self._closing.cancel(SecretsError("CLOSED", "client is closed"))
        for stop in self._unwatch:
            stop()
        for holder in self._holders.values():
            holder.dispose()
        for provider in self._owned:
            provider.close()
        self._pool.shutdown()
        if self._owns_clock:
            self.clock.close()

    async def aclose(self) -> None:
        """`close()` for asyncio code (thread joins run off the event loop)."""
        await asyncio.get_running_loop().run_in_executor(None, self.close)

    def __enter__(self) -> SecretClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    async def __aenter__(self) -> SecretClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        report = self.health()
        states = ", ".join(f"{s.secret}={s.state}" for s in report.secrets)
        return (
            f"SecretClient(service={self.service!r}, environment={self.environment!r}, "
            f"closed={self._closed}, ready={report.ready}, secrets=[{states}])"
        )

    def to_dict(self) -> dict[str, Any]:
        """Service, environment and health, for JSON status pages. Never a value."""
        return {
            "service": self.service,
            "environment": self.environment,
            "closed": self._closed,
            **self.health().to_dict(),
        }

    # -- for holders (HolderHost) -------------------------------------------------------------

    def factory_for(self, secret: str) -> Factory | None:
        return self._factories.get(secret)

    def request_for(self, holder: SecretHandle[Any], stage: VersionStage) -> FetchRequest:
        return FetchRequest(holder.secret, holder.placement, self.environment, stage)

    def enqueue(self, holder: SecretHandle[Any], done: Callable[[FetchResult], None], background: bool = False) -> None:
        provider = self._provider_of[id(holder)]
        delay = self._refresh_window_ms if background else 0.0
        self._batcher.enqueue([(provider, self.request_for(holder, "current"), done)], delay)

    def fetch_stage(self, holder: SecretHandle[Any], stage: VersionStage, token: CancelToken) -> FetchResult:
        provider = self._provider_of[id(holder)]
        with Deadline(self.clock, self.timeout_ms, self._closing) as limit:
            unlink = token.on_cancel(limit.cancel)
            try:
                return self._loader.fetch(provider, [self.request_for(holder, stage)], limit)[0]
            finally:
                unlink()

    def values_changed(self) -> None:
        self._masker.invalidate()

    def _changed(self, names: Any) -> None:
        for name in names:
            holder = self._holders.get(name)
            if holder is not None:
                holder.background_refresh()

    def _loaded_values(self) -> Iterator[Any]:
        for holder in list(self._holders.values()):
            yield from holder.values()


def _shielded(flight: Future[Any]) -> Future[Any]:
    """A copy of a shared flight, so cancelling one waiter never cancels the flight itself."""
    copy: Future[Any] = Future()

    def transfer(done: Future[Any]) -> None:
        error = done.exception()
        try:
            if error is not None:
                copy.set_exception(error)
            else:
                copy.set_result(done.result())
        except concurrent.futures.InvalidStateError:
            pass  # that waiter gave up (cancelled)

    flight.add_done_callback(transfer)
    return copy


def _unknown(name: str) -> SecretsError:
    return SecretsError("CONFIGURATION", f'secret "{name}" is not read by this service', secret=name)
