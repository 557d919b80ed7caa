"""Current and previous versions: the overlap bound, revoke_previous, try_each, health."""

from __future__ import annotations

from typing import Any

import pytest
from support import MemoryStore, descriptor

from locksmith_sdk import create_client, try_each
from locksmith_sdk.testing import FakeClock

HOUR = 3_600_000.0


def _client(store: MemoryStore, clock: FakeClock, overlap_ms: float | None) -> Any:
    rotation: dict[str, Any] = {"strategy": "dual-key"}
    if overlap_ms is not None:
        rotation["overlapMs"] = overlap_ms
    return create_client(
        descriptor({"jwt": {"rotation": rotation}}), environment="test", provider=store, env={}, clock=clock
    )


def _rotated(created_at_ms: float = 0.0) -> MemoryStore:
    """A store holding two versions of the key, both created at `created_at_ms`."""
    store = MemoryStore()
    store.put("svc/jwt", "old-key-value", created_at_ms=0.0)
    store.put("svc/jwt", "new-key-value", created_at_ms=created_at_ms)
    return store


def test_the_previous_version_is_offered_until_creation_plus_overlap() -> None:
    clock = FakeClock(10 * HOUR)
    # Created half an hour before the runtime sees it: the overlap counts from creation.
    with _client(_rotated(10 * HOUR - HOUR / 2), clock, HOUR) as client:
        handle = client.secret("jwt")
        versions = handle.versions()
        assert versions.current.value == "new-key-value"
        assert versions.previous is not None and versions.previous.value == "old-key-value"
        assert client.health().secrets[0].overlap_ends_at_ms == 10 * HOUR + HOUR / 2
        clock.advance(HOUR / 2)
        assert handle.versions().previous is not None  # now == created + overlap: still offered
        clock.advance(1)
        assert handle.versions().previous is None
        assert client.health().secrets[0].overlap_ends_at_ms is None


def test_without_a_creation_date_the_overlap_counts_from_the_first_load() -> None:
    """As sdk-node: a store that reports no creation date bounds the overlap from when this
    process first loaded the current version, never leaving the previous one offered for good."""
    clock = FakeClock(5 * HOUR)
    store = MemoryStore()
    store.put("svc/jwt", "old-key-value")
    store.put("svc/jwt", "new-key-value")
    with _client(store, clock, HOUR) as client:
        handle = client.secret("jwt")
        previous = handle.versions().previous
        assert previous is not None and previous.value == "old-key-value"
        assert client.health().secrets[0].overlap_ends_at_ms == 6 * HOUR
        clock.advance(HOUR)
        assert handle.versions().previous is not None
        clock.advance(1)
        assert handle.versions().previous is None


def test_without_an_overlap_the_previous_version_stays_until_the_next_rotation() -> None:
    clock = FakeClock(0.0)
    with _client(_rotated(), clock, None) as client:
        clock.advance(1000 * HOUR)
        previous = client.secret("jwt").versions().previous
        assert previous is not None and previous.value == "old-key-value"


def test_revoke_previous_stops_offering_it_at_once() -> None:
    clock = FakeClock(0.0)
    with _client(_rotated(), clock, HOUR) as client:
        handle = client.secret("jwt")
        assert handle.versions().previous is not None
        handle.revoke_previous()
        assert handle.versions().previous is None
        assert client.health().secrets[0].overlap_ends_at_ms is None


def test_try_each_falls_back_to_the_previous_key_and_raises_the_current_error() -> None:
    clock = FakeClock(0.0)
    with _client(_rotated(), clock, HOUR) as client:
        versions = client.secret("jwt").versions()

        def verify(key: str, version_id: str) -> str:
            if key != "old-key-value":
                raise ValueError(f"bad signature for {version_id}")
            return version_id

        assert try_each(versions, verify) == "v1"
        with pytest.raises(ValueError, match="v2"):
            try_each(versions, lambda key, vid: verify("nope", vid))


def test_versions_repr_shows_ids_and_never_values() -> None:
    clock = FakeClock(0.0)
    store = MemoryStore()
    store.put("svc/jwt", "old-key-canary", created_at_ms=0.0)
    store.put("svc/jwt", "new-key-canary", created_at_ms=0.0)
    with _client(store, clock, HOUR) as client:
        versions = client.secret("jwt").versions()
        text = f"{versions!r} {versions} {versions.current} {versions.previous!r} {list(versions)}"
        assert "canary" not in text
        assert "v1" in text and "v2" in text
