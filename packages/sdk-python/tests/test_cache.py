"""The cache contract: warm reads, single flight across threads, batching, refresh-ahead with
jitter, stale-on-error within a bound, retries with backoff, the breaker, change events."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from support import Events, MemoryStore, descriptor, logger_with, wait_until

from locksmith_sdk import AggregateSecretsError, BreakerPolicy, RetryPolicy, SecretsError, create_client
from locksmith_sdk.testing import FakeClock

TTL = 60_000.0


def _client(store: MemoryStore, names: list[str] | None = None, **options: Any) -> Any:
    secrets = {n: {"cacheTtlMs": TTL} for n in (names or ["token"])}
    options.setdefault("clock", FakeClock(1_000_000.0))
    options.setdefault("random", lambda: 0.5)
    # Refreshes go out as soon as they are due, so the tests can step the clock exactly.
    options.setdefault("refresh_window_ms", 0.0)
    return create_client(descriptor(secrets), environment="test", provider=store, env={}, **options)


def test_a_warm_get_reads_memory_only() -> None:
    store = MemoryStore()
    store.put("svc/token", "value-one")
    with _client(store) as client:
        handle = client.secret("token")
        assert handle.get() == "value-one"
        for _ in range(100):
            assert handle.get() == "value-one"
            assert client.get("token") == "value-one"
        assert store.call_count == 1
        assert handle.hits == 200
        assert handle.current() == "value-one"


def test_current_before_load_is_not_loaded() -> None:
    with _client(MemoryStore()) as client:
        with pytest.raises(SecretsError) as caught:
            client.secret("token").current()
        assert caught.value.code == "NOT_LOADED"


def test_cold_reads_from_many_threads_make_one_fetch() -> None:
    store = MemoryStore()
    store.put("svc/token", "shared")
    store.gate = threading.Event()
    with _client(store) as client:
        results: list[str] = []
        threads = [threading.Thread(target=lambda: results.append(client.get("token", timeout=5))) for _ in range(16)]
        for thread in threads:
            thread.start()
        assert store.entered.wait(5)
        # Every thread is waiting on the one fetch the store holds.
        store.gate.set()
        for thread in threads:
            thread.join(5)
        assert results == ["shared"] * 16
        assert store.call_count == 1


def test_preload_of_100_secrets_takes_five_batched_calls() -> None:
    store = MemoryStore(max_batch_size=20)
    names = [f"s{i:03d}" for i in range(100)]
    for name in names:
        store.put(f"svc/{name}", f"value-{name}")
    with _client(store, names) as client:
        client.preload()
        assert store.call_count == 5
        assert sorted(len(c) for c in store.calls) == [20] * 5
        assert client.health().ready


def test_a_large_preload_keeps_at_most_eight_calls_in_flight() -> None:
    store = MemoryStore(max_batch_size=20)
    names = [f"s{i:03d}" for i in range(400)]
    for name in names:
        store.put(f"svc/{name}", f"value-{name}")
    gate = store.gate = threading.Event()
    with _client(store, names) as client:
        preload = threading.Thread(target=client.preload)
        preload.start()
        wait_until(lambda: store.call_count >= 8)
        assert store.in_flight == 8  # the other twelve batches wait for a lane
        gate.set()
        preload.join(10)
        assert client.health().ready
    assert (store.call_count, store.most_in_flight) == (20, 8)


def test_preload_lists_every_failure_in_one_error() -> None:
    store = MemoryStore()
    store.put("svc/b", "value-b")
    with _client(store, ["a", "b", "c"]) as client:
        with pytest.raises(AggregateSecretsError) as caught:
            client.preload()
        assert sorted(f.secret or "" for f in caught.value.failures) == ["a", "c"]
        assert caught.value.code == "NOT_FOUND"
        assert "a: NOT_FOUND" in str(caught.value) and "c: NOT_FOUND" in str(caught.value)


def test_refresh_ahead_fires_at_80_percent_of_the_ttl_with_jitter() -> None:
    store = MemoryStore()
    store.put("svc/token", "value-one")
    clock = FakeClock(0.0)
    events = Events()
    # random() = 0.5 → no jitter: the refresh is due at exactly 80% of the TTL.
    with _client(store, clock=clock, logger=logger_with(events)) as client:
        handle = client.secret("token")
        changed = threading.Event()
        handle.on_change(lambda versions: changed.set())
        handle.get()
        store.put("svc/token", "value-two")
        clock.advance(TTL * 0.8 - 1)
        assert store.call_count == 1
        clock.advance(1)
        assert changed.wait(5)
        assert handle.get() == "value-two"
        assert store.call_count == 2


@pytest.mark.parametrize(("random", "due"), [(0.0, 0.7), (1.0, 0.9)])
def test_the_jitter_spreads_refreshes_over_plus_minus_10_percent(random: float, due: float) -> None:
    store = MemoryStore()
    store.put("svc/token", "value-one")
    clock = FakeClock(0.0)
    with _client(store, clock=clock, random=lambda: random) as client:
        client.get("token")
        clock.advance(TTL * due - 1)
        assert store.call_count == 1
        done = threading.Event()
        client.secret("token").on_change(lambda _: done.set())
        store.put("svc/token", "value-two")
        clock.advance(1)
        assert done.wait(5)


def test_a_failed_refresh_serves_the_last_value_until_the_staleness_bound() -> None:
    store = MemoryStore()
    store.put("svc/token", "good-value")
    clock = FakeClock(0.0)
    events = Events()
    options: dict[str, Any] = {"clock": clock, "logger": logger_with(events), "max_staleness_ms": 10 * 60_000.0}
    with _client(store, retry=RetryPolicy(attempts=1), **options) as client:
        handle = client.secret("token")
        handle.get()
        store.fail("UNAVAILABLE", times=1000)
        clock.advance(TTL * 0.8)
        events.wait("stale_serve")
        assert handle.get() == "good-value"
        health = client.health().secrets[0]
        assert (health.state, health.last_error_code) == ("stale", "UNAVAILABLE")
        assert client.health().ready
        # Past TTL + max staleness the value is dropped and reads fail with the store's error.
        clock.advance(TTL * 0.2 + 10 * 60_000.0)
        events.wait("value_expired")
        assert not client.health().ready
        with pytest.raises(SecretsError) as caught:
            handle.get(timeout=5)
        assert caught.value.code == "UNAVAILABLE"


def test_retries_only_retryable_codes_with_backoff() -> None:
    store = MemoryStore()
    store.put("svc/token", "value")
    store.fail("THROTTLED", times=2)
    with _client(store, retry=RetryPolicy(attempts=3, base_ms=0, cap_ms=0)) as client:
        assert client.get("token") == "value"
        assert store.call_count == 3
    store = MemoryStore()
    store.fail("ACCESS_DENIED", times=5)
    with _client(store, retry=RetryPolicy(attempts=3, base_ms=0, cap_ms=0)) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("token")
        assert caught.value.code == "ACCESS_DENIED"
        assert store.call_count == 1


def test_backoff_waits_on_the_clock_between_attempts() -> None:
    store = MemoryStore()
    store.put("svc/token", "value")
    store.fail("UNAVAILABLE", times=1)
    clock = FakeClock(0.0)
    # random() = 0.999 → first delay ≈ base: the retry waits until the clock moves.
    with _client(store, clock=clock, random=lambda: 0.999, retry=RetryPolicy(3, 1000, 5000)) as client:
        flight = client.secret("token").ensure_loading()
        assert flight is not None
        assert clock.wait_for_timers(2)  # the batch deadline and the backoff sleep
        assert store.call_count == 1
        clock.advance(999)
        assert flight.result(5) == "value"
        assert store.call_count == 2


def test_the_breaker_opens_after_consecutive_failures_and_probes_after_the_cooldown() -> None:
    store = MemoryStore()
    store.put("svc/token", "value")
    clock = FakeClock(0.0)
    events = Events()
    policy = BreakerPolicy(failure_threshold=2, cooldown_ms=30_000)
    options: dict[str, Any] = {"clock": clock, "logger": logger_with(events), "breaker": policy}
    with _client(store, retry=RetryPolicy(attempts=1), **options) as client:
        store.fail("UNAVAILABLE", times=2)
        for _ in range(2):
            with pytest.raises(SecretsError):
                client.get("token")
        events.wait("breaker_open")
        with pytest.raises(SecretsError) as caught:
            client.get("token")
        assert caught.value.code == "CIRCUIT_OPEN"
        assert store.call_count == 2
        clock.advance(30_000)
        assert client.get("token") == "value"
        events.wait("breaker_closed")
        assert store.call_count == 3


def test_on_change_fires_once_per_version_including_after_invalidate() -> None:
    store = MemoryStore()
    store.put("svc/token", "value-1")
    seen: list[tuple[str, str | None]] = []
    with _client(store) as client:
        handle = client.secret("token")
        handle.on_change(lambda v: seen.append((v.current.version_id, v.previous.version_id if v.previous else None)))
        handle.get()
        handle.refresh()
        assert seen == []
        store.put("svc/token", "value-2")
        handle.refresh()
        handle.refresh()
        assert seen == [("v2", "v1")]
        store.put("svc/token", "value-3")
        handle.invalidate()
        assert handle.get() == "value-3"
        assert seen == [("v2", "v1"), ("v3", None)]


def test_a_listener_that_raises_is_logged_and_the_others_still_run() -> None:
    store = MemoryStore()
    store.put("svc/token", "value-1")
    events = Events()
    later: list[str] = []
    with _client(store, logger=logger_with(events)) as client:
        handle = client.secret("token")
        handle.get()

        def broken(_: object) -> None:
            raise RuntimeError("listener bug")

        handle.on_change(broken)
        handle.on_change(lambda v: later.append(v.current.version_id))
        store.put("svc/token", "value-2")
        handle.refresh()
        assert later == ["v2"]
        assert "listener_failed" in events.events()


def test_a_value_that_fails_validation_on_refresh_is_not_adopted() -> None:
    store = MemoryStore()
    store.put("svc/token", "long-enough")
    with _client(store) as client:
        handle = client.secret("token")
        handle.get()
        store.put("svc/token", "no")  # minLength 4
        with pytest.raises(SecretsError) as caught:
            handle.refresh()
        assert (caught.value.code, caught.value.rule) == ("VALIDATION_FAILED", "minLength")
        assert handle.get() == "long-enough"
        assert client.health().secrets[0].state == "stale"


def test_a_caller_timeout_does_not_cancel_the_shared_fetch() -> None:
    store = MemoryStore()
    store.put("svc/token", "value")
    store.gate = threading.Event()
    with _client(store) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("token", timeout=0.05)
        assert caught.value.code == "TIMEOUT"
        store.gate.set()
        assert client.get("token", timeout=5) == "value"
        assert store.call_count == 1


def test_close_fails_waiters_and_later_calls_with_closed() -> None:
    store = MemoryStore()
    store.gate = threading.Event()
    client = _client(store)
    flight = client.secret("token").ensure_loading()
    assert store.entered.wait(5)
    client.close()
    store.gate.set()
    with pytest.raises(SecretsError) as caught:
        flight.result(5)
    assert caught.value.code == "CLOSED"
    with pytest.raises(SecretsError) as later:
        client.get("token")
    assert later.value.code == "CLOSED"


def test_reading_a_secret_the_service_does_not_read_is_a_configuration_error() -> None:
    with _client(MemoryStore()) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("other")
        assert caught.value.code == "CONFIGURATION"


def test_background_refreshes_due_within_the_window_share_store_calls() -> None:
    store = MemoryStore(max_batch_size=20)
    names = [f"s{i:02d}" for i in range(30)]
    for name in names:
        store.put(f"svc/{name}", f"value-{name}")
    clock = FakeClock(0.0)
    spread = iter([i / 30 for i in range(30)])  # jitter spreads the refreshes over ±10% of the TTL
    with _client(store, names, clock=clock, random=lambda: next(spread, 0.5), refresh_window_ms=0.2 * TTL) as client:
        client.preload()
        assert store.call_count == 2
        changed = threading.Event()
        count = [0]

        def one(_: object) -> None:
            count[0] += 1
            if count[0] == 30:
                changed.set()

        for name in names:
            store.put(f"svc/{name}", f"next-{name}")
            client.secret(name).on_change(one)
        clock.advance(TTL * 0.7)  # the first refresh falls due and opens the window
        clock.advance(TTL * 0.2)  # every other one falls due inside it; the window closes
        assert changed.wait(5)
        # 30 refreshes, one flush: two calls (20 + 10) instead of 30.
        assert store.call_count == 4


def test_a_deadline_that_runs_out_counts_as_a_breaker_failure() -> None:
    store = MemoryStore()
    store.put("svc/token", "value")
    store.gate = threading.Event()  # the store accepts the call and never answers
    clock = FakeClock(0.0)
    events = Events()
    options: dict[str, Any] = {
        "clock": clock,
        "logger": logger_with(events),
        "timeout_ms": 1000.0,
        "retry": RetryPolicy(attempts=1),
        "breaker": BreakerPolicy(failure_threshold=1, cooldown_ms=30_000),
    }
    with _client(store, **options) as client:
        flight = client.secret("token").ensure_loading()
        assert flight is not None and store.entered.wait(5)
        clock.advance(1000)
        with pytest.raises(SecretsError) as timed_out:
            flight.result(5)
        assert timed_out.value.code == "TIMEOUT"
        events.wait("breaker_open")
        with pytest.raises(SecretsError) as refused:
            client.get("token", timeout=5)
        assert refused.value.code == "CIRCUIT_OPEN"
        assert store.call_count == 1


def test_on_change_fires_once_when_a_value_reloads_after_expiry() -> None:
    store = MemoryStore()
    store.put("svc/token", "value-1")
    clock = FakeClock(0.0)
    events = Events()
    seen: list[str] = []
    options: dict[str, Any] = {"clock": clock, "logger": logger_with(events), "max_staleness_ms": 1000.0}
    with _client(store, retry=RetryPolicy(attempts=1), **options) as client:
        handle = client.secret("token")
        handle.on_change(lambda v: seen.append(v.current.version_id))
        handle.get()
        store.fail("UNAVAILABLE", times=1000)
        clock.advance(TTL * 0.8)
        events.wait("stale_serve")
        clock.advance(TTL * 0.2 + 1000)
        events.wait("value_expired")
        store.failures.clear()
        store.put("svc/token", "value-2")
        assert handle.get(timeout=5) == "value-2"
        assert handle.get() == "value-2"
        assert seen == ["v2"]
