"""Values never print: repr, str, format, JSON forms, pickles, tracebacks and log records of the
client, handles, versions, health and errors hold no value. Checked with canary values."""

from __future__ import annotations

import json
import logging
import pickle
import traceback
from typing import Any

import pytest
from support import CANARY, Events, MemoryStore, descriptor, logger_with

from locksmith_sdk import AggregateSecretsError, MaskingFilter, RetryPolicy, SecretsError, create_client
from locksmith_sdk.testing import FakeClock

OBJECT = {
    "kind": "object",
    "schema": {
        "type": "object",
        "required": ["user", "password"],
        "properties": {"user": {"type": "string"}, "password": {"type": "string", "minLength": 8}},
    },
    "fields": [
        {"name": "user", "env": "DB_USER", "type": "string", "required": True},
        {"name": "password", "env": "DB_PASSWORD", "type": "string", "required": True},
    ],
    "cacheTtlMs": 1000.0,
}


def _every_rendering(*objects: Any) -> str:
    parts = []
    for obj in objects:
        parts += [repr(obj), str(obj), f"{obj}", f"{obj!r}"]
        to_dict = getattr(obj, "to_dict", None)
        if callable(to_dict):
            parts.append(json.dumps(to_dict(), default=str))
    return "\n".join(parts)


def _error_renderings(error: BaseException) -> str:
    parts = [_every_rendering(error), "".join(traceback.format_exception(error)), repr(error.args)]
    parts.append(repr(pickle.loads(pickle.dumps(error))))
    chained: BaseException | None = error.__cause__ or error.__context__
    while chained is not None:
        parts.append(_every_rendering(chained))
        chained = chained.__cause__ or chained.__context__
    return "\n".join(parts)


def test_client_handles_versions_and_health_never_show_a_value() -> None:
    store = MemoryStore()
    store.put("svc/db", {"user": "app", "password": f"old-{CANARY}"}, created_at_ms=0.0)
    store.put("svc/db", {"user": "app", "password": f"new-{CANARY}"}, created_at_ms=0.0)
    store.put("svc/key", f"key-{CANARY}")
    events = Events()
    clock = FakeClock(0.0)
    options: dict[str, Any] = {
        "clock": clock,
        "logger": logger_with(events),
        "retry": RetryPolicy(attempts=1),
        "refresh_window_ms": 0.0,
    }
    with create_client(
        descriptor({"db": OBJECT, "key": {}}), environment="test", provider=store, env={}, **options
    ) as client:
        client.preload()
        handle = client.secret("db")
        versions = handle.versions()
        # Drive every logged path: a failed refresh (stale), expiry, a failed load.
        store.fail("THROTTLED", times=100)
        clock.advance(900)  # past the refresh point (80% of the TTL, ±10% jitter)
        events.wait("stale_serve")
        text = _every_rendering(client, handle, client.secret("key"), versions, versions.current, client.health())
        text += "\n" + events.rendered()
        assert CANARY not in text
        assert "stale" in text and "THROTTLED" in text


def test_errors_in_every_form_hold_no_value() -> None:
    store = MemoryStore()
    store.put("svc/db", {"user": "app", "password": "short"})  # minLength 8
    store.put("svc/key", '{"__proto__": "' + CANARY + '"}')
    with create_client(
        descriptor({"db": OBJECT, "key": {"kind": "object", "schema": {"type": "object"}}}),
        environment="test",
        provider=store,
        env={},
    ) as client:
        with pytest.raises(AggregateSecretsError) as caught:
            client.preload()
        rendered = _error_renderings(caught.value)
        for failure in caught.value.failures:
            rendered += _error_renderings(failure)
        assert "short" not in rendered and CANARY not in rendered
        codes = sorted((f.secret, f.rule) for f in caught.value.failures)
        assert codes == [("db", "minLength"), ("key", "forbidden-key")]


def test_an_invalid_json_value_is_not_quoted_in_the_error() -> None:
    store = MemoryStore()
    store.put("svc/db", '{"user": "' + CANARY + '", oops}')
    with create_client(descriptor({"db": OBJECT}), environment="test", provider=store, env={}) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("db")
        assert caught.value.rule == "json"
        assert CANARY not in _error_renderings(caught.value)


def test_the_masking_filter_redacts_loaded_values_in_any_log_record() -> None:
    store = MemoryStore()
    store.put("svc/key", f"key-{CANARY}")
    with create_client(descriptor({"key": {}}), environment="test", provider=store, env={}) as client:
        value = client.get("key")
        events = Events()
        events.addFilter(MaskingFilter(client))
        logger = logger_with(events, "app")
        logger.info("connecting with %s", value)
        logger.info("base64 %s", __import__("base64").b64encode(value.encode()).decode())
        try:
            raise RuntimeError(f"failed with {value}")
        except RuntimeError:
            logger.exception("boom")
        out = "\n".join(r.getMessage() + (r.exc_text or "") for r in events.records)
        assert CANARY not in out
        assert out.count("[REDACTED]") >= 3


def test_the_library_logs_through_the_logging_module_with_names_and_codes() -> None:
    store = MemoryStore()
    store.fail("ACCESS_DENIED")
    captured = Events()
    library = logging.getLogger("locksmith_sdk")
    library.addHandler(captured)
    library.setLevel(logging.DEBUG)
    try:
        with create_client(descriptor({"key": {}}), environment="test", provider=store, env={}) as client:
            with pytest.raises(SecretsError):
                client.get("key")
    finally:
        library.removeHandler(captured)
    record = next(r for r in captured.records if getattr(r, "event", "") == "load_failed")
    assert (record.levelno, record.secret, record.code) == (logging.WARNING, "key", "ACCESS_DENIED")  # type: ignore[attr-defined]
