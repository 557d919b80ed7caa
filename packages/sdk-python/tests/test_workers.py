"""The daemon pool runs every item at once up to its limit, however submissions and thread start-up interleave."""

from __future__ import annotations

import threading

from locksmith_sdk.workers import DaemonPool


def test_each_blocking_item_gets_its_own_thread_up_to_the_limit() -> None:
    # A thread that has just started counts as idle before it takes the item it was started for;
    # an item submitted in that moment must still get a thread of its own.
    for _ in range(300):
        pool = DaemonPool("test", max_threads=8)
        release = threading.Event()
        started = threading.Semaphore(0)

        futures = [pool.submit(_block, started, release) for _ in range(8)]
        try:
            for _ in range(8):
                assert started.acquire(timeout=5), "an item waited for a thread while all others were busy"
        finally:
            release.set()
            for future in futures:
                future.result(10)
            pool.shutdown()


def _block(started: threading.Semaphore, release: threading.Event) -> None:
    started.release()
    release.wait(10)
