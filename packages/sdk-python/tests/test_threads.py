"""Background work runs on daemon threads that close() ends: nothing is left behind."""

from __future__ import annotations

import threading

from support import MemoryStore, descriptor, wait_until

from locksmith_sdk import create_client


def _locksmith_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("locksmith-")]


def test_close_leaves_no_thread_running() -> None:
    before = set(_locksmith_threads())
    store = MemoryStore()
    names = [f"s{i}" for i in range(50)]
    for name in names:
        store.put(f"svc/{name}", f"value-{name}")
    client = create_client(descriptor({n: {} for n in names}), environment="test", provider=store, env={})
    client.preload()
    running = set(_locksmith_threads()) - before
    assert running, "preload ran on the client's threads"
    assert all(t.daemon for t in running)
    client.close()
    wait_until(lambda: not (set(_locksmith_threads()) - before))


def test_close_is_idempotent_and_safe_from_a_listener_thread() -> None:
    store = MemoryStore()
    store.put("svc/token", "value-1")
    client = create_client(descriptor(), environment="test", provider=store, env={})
    client.get("token")
    closed = threading.Event()

    def close_from_listener(_: object) -> None:
        client.close()
        closed.set()

    client.secret("token").on_change(close_from_listener)
    store.put("svc/token", "value-2")
    client.secret("token").refresh()
    assert closed.wait(5)
    client.close()
    assert client.closed
