"""Test doubles that are not mocks: an in-memory store behind the real Provider interface, a
descriptor builder, and a logging handler tests wait on."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from locksmith_sdk.errors import ErrorCode, SecretsError
from locksmith_sdk.resilience.abort import CancelToken
from locksmith_sdk.types import FetchRequest, FetchResult, RawVersion, TextValue

CANARY = "canary-7f3a9c1e5b2d4f60"


def descriptor(
    secrets: dict[str, dict[str, Any]] | None = None,
    *,
    source: str = "store",
    production: bool = False,
    vault: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A service descriptor in its JSON form; each secret defaults to a string placed on AWS."""
    built: dict[str, Any] = {}
    for name, spec in (secrets or {"token": {}}).items():
        kind = spec.get("kind", "string")
        schema = spec.get("schema") or ({"type": "string", "minLength": 4} if kind == "string" else {"type": "object"})
        fields = spec.get("fields") or [
            {"name": None, "env": name.upper().replace("-", "_"), "type": "string", "required": True}
        ]
        built[name] = {
            "name": name,
            "kind": kind,
            "schema": schema,
            "fields": fields,
            "rotation": spec.get("rotation", {"strategy": "manual"}),
            "placements": {"test": {"provider": spec.get("provider", "aws"), "path": spec.get("path", f"svc/{name}")}},
            **({"cacheTtlMs": spec["cacheTtlMs"]} if "cacheTtlMs" in spec else {}),
        }
    providers: dict[str, Any] = {"aws": {"region": "us-east-1", "accountId": "123456789012"}}
    if vault is not None:
        providers["vault"] = vault
    return {
        "project": "shop",
        "service": "svc",
        "catalogHash": "0" * 64,
        "environments": {"test": {"source": source, "production": production}},
        "providers": providers,
        "secrets": built,
    }


class MemoryStore:
    """A store in memory that speaks the Provider interface and counts every call.

    `fail(code, times)` makes the next calls answer that code for every request; `gate` (an
    Event) holds calls until the test sets it, so a test can pile waiters on one fetch.
    """

    name = "memory"

    def __init__(self, max_batch_size: int = 20) -> None:
        self.max_batch_size = max_batch_size
        self.values: dict[str, list[tuple[str, str, float | None]]] = {}
        self.calls: list[list[str]] = []
        self.lock = threading.Lock()
        self.failures: list[ErrorCode] = []
        self.gate: threading.Event | None = None
        self.entered = threading.Event()
        self.in_flight = 0
        self.most_in_flight = 0

    def put(self, path: str, value: Any, created_at_ms: float | None = None) -> str:
        text = value if isinstance(value, str) else json.dumps(value)
        with self.lock:
            versions = self.values.setdefault(path, [])
            version_id = f"v{len(versions) + 1}"
            versions.append((version_id, text, created_at_ms))
        return version_id

    def fail(self, code: ErrorCode, times: int = 1) -> None:
        with self.lock:
            self.failures.extend([code] * times)

    def fetch(self, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        with self.lock:
            self.calls.append([r.placement.path for r in requests])
            failure = self.failures.pop(0) if self.failures else None
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            return self._answer(requests, token, failure)
        finally:
            with self.lock:
                self.in_flight -= 1

    def _answer(
        self, requests: Sequence[FetchRequest], token: CancelToken, failure: ErrorCode | None
    ) -> list[FetchResult]:
        self.entered.set()
        gate = self.gate
        if gate is not None:
            # A cancelled call (client closing, deadline) stops holding, as a real store client would.
            unsubscribe = token.on_cancel(lambda _: gate.set())
            gate.wait(10)
            unsubscribe()
        if token.cancelled:
            return [FetchResult.failed(token.reason(r.secret.name)) for r in requests]
        if failure is not None:
            return [
                FetchResult.failed(SecretsError(failure, f"memory: {failure}", secret=r.secret.name)) for r in requests
            ]
        return [self._one(r) for r in requests]

    def _one(self, request: FetchRequest) -> FetchResult:
        versions = self.values.get(request.placement.path) or []
        index = -1 if request.stage == "current" else -2
        if len(versions) < (1 if index == -1 else 2):
            name = request.secret.name
            return FetchResult.failed(SecretsError("NOT_FOUND", f'memory: secret "{name}" not found', secret=name))
        version_id, text, created = versions[index]
        return FetchResult.of(RawVersion(version_id, TextValue(text), created))

    def close(self) -> None:
        return None

    @property
    def call_count(self) -> int:
        with self.lock:
            return len(self.calls)


class Events(logging.Handler):
    """Collects log records; `wait(event)` blocks until a record with that `event` arrives."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._cond = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        with self._cond:
            self.records.append(record)
            self._cond.notify_all()

    def events(self) -> list[str]:
        with self._cond:
            return [getattr(r, "event", "") for r in self.records]

    def wait(self, event: str, count: int = 1, timeout_s: float = 5.0) -> None:
        with self._cond:
            ok = self._cond.wait_for(lambda: self.events_unlocked().count(event) >= count, timeout_s)
        assert ok, f"no {event} event within {timeout_s} s; saw {self.events()}"

    def events_unlocked(self) -> list[str]:
        return [getattr(r, "event", "") for r in self.records]

    def rendered(self) -> str:
        """Every record as a formatter would write it, extras included."""
        formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
        with self._cond:
            return "\n".join(f"{formatter.format(r)} {r.__dict__!r}" for r in self.records)


def logger_with(events: Events, name: str = "locksmith-test") -> logging.Logger:
    logger = logging.getLogger(f"{name}-{id(events)}")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(events)
    return logger


def wait_until(predicate: Callable[[], bool], timeout_s: float = 5.0) -> None:
    """For state that has no event of its own (a thread finishing); bounded, fails loudly."""
    done = threading.Event()
    end = threading.Timer(timeout_s, done.set)
    end.start()
    try:
        while not predicate():
            if done.wait(0.005):
                raise AssertionError("condition not reached in time")
    finally:
        end.cancel()
