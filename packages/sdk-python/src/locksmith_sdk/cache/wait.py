"""Waiting on a shared flight: from a thread (with a timeout) or from asyncio (without blocking
the loop). A waiter that gives up gets TIMEOUT alone; the flight goes on for the others."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from concurrent.futures import Future
from typing import TypeVar

from ..errors import SecretsError

V = TypeVar("V")


def _timeout_error(secret: str, timeout: float) -> SecretsError:
    return SecretsError("TIMEOUT", f'call for secret "{secret}" timed out after {timeout * 1000:g} ms', secret=secret)


def wait_flight(flight: Future[V], timeout: float | None, secret: str) -> V:
    try:
        return flight.result(timeout)
    except concurrent.futures.TimeoutError:
        pass
    raise _timeout_error(secret, timeout or 0.0)


async def await_flight(flight: Future[V], timeout: float | None, secret: str) -> V:
    """Waits for a flight on the running loop without ever cancelling the shared flight."""
    loop = asyncio.get_running_loop()
    waiter: asyncio.Future[V] = loop.create_future()

    def transfer(done: Future[V]) -> None:
        if waiter.done():
            return
        error = done.exception()
        if error is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result(done.result())

    def on_done(done: Future[V]) -> None:
        # A closed loop raises RuntimeError: nobody waits any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(transfer, done)

    flight.add_done_callback(on_done)
    try:
        return await asyncio.wait_for(waiter, timeout)
    except asyncio.TimeoutError:
        pass
    raise _timeout_error(secret, timeout or 0.0)
