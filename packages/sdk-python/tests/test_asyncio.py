"""The asyncio API: cold loads run on the client's threads, never on the event loop."""

from __future__ import annotations

import asyncio
import threading

import pytest
from support import MemoryStore, descriptor

from locksmith_sdk import AggregateSecretsError, SecretsError, create_client


def test_concurrent_agets_share_one_fetch_and_the_loop_keeps_running() -> None:
    store = MemoryStore()
    store.put("svc/token", "async-value")
    gate = store.gate = threading.Event()

    async def main() -> list[str]:
        with create_client(descriptor(), environment="test", provider=store, env={}) as client:
            waiters = [asyncio.ensure_future(client.aget("token")) for _ in range(20)]
            # The loop is free while the store holds the fetch: this coroutine runs.
            await asyncio.get_running_loop().run_in_executor(None, store.entered.wait, 5)
            assert not any(w.done() for w in waiters)
            gate.set()
            return list(await asyncio.gather(*waiters))

    assert asyncio.run(main()) == ["async-value"] * 20
    assert store.call_count == 1


def test_a_timed_out_waiter_does_not_cancel_the_flight_for_the_others() -> None:
    store = MemoryStore()
    store.put("svc/token", "async-value")
    gate = store.gate = threading.Event()

    async def main() -> str:
        with create_client(descriptor(), environment="test", provider=store, env={}) as client:
            patient = asyncio.ensure_future(client.aget("token", timeout=5))
            with pytest.raises(SecretsError) as caught:
                await client.aget("token", timeout=0.05)
            assert caught.value.code == "TIMEOUT"
            gate.set()
            return str(await patient)

    assert asyncio.run(main()) == "async-value"
    assert store.call_count == 1


def test_apreload_and_aclose() -> None:
    store = MemoryStore()
    store.put("svc/a", "value-a")

    async def main() -> None:
        client = create_client(descriptor({"a": {}, "b": {}}), environment="test", provider=store, env={})
        async with client:
            with pytest.raises(AggregateSecretsError) as caught:
                await client.apreload()
            assert [f.secret for f in caught.value.failures] == ["b"]
            assert client.secret("a").current() == "value-a"
            versions = await client.secret("a").aversions()
            assert versions.current.value == "value-a"
        assert client.closed

    asyncio.run(main())
