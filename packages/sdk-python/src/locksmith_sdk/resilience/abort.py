"""Cancellation tokens and deadlines (sdk-node: resilience/abort.ts): Python's stand-in for an AbortSignal.

A token is cancelled once, with a SecretsError as its reason (ABORTED by default, TIMEOUT for a
deadline, CLOSED when the client closes). Blocking work checks it or waits on it; callbacks let a
parent token cancel its children.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import SecretsError

if TYPE_CHECKING:
    from ..clock import Clock, Timer


class CancelToken:
    """Cancelled at most once; thread-safe. Pass one to every call that may block."""

    __slots__ = ("_event", "_reason", "_callbacks", "_lock")

    def __init__(self) -> None:
        self._event = threading.Event()
        self._reason: SecretsError | None = None
        self._callbacks: list[Callable[[SecretsError], None]] = []
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self, reason: SecretsError | None = None) -> None:
        """Cancels with `reason` (default ABORTED); later calls change nothing."""
        with self._lock:
            if self._event.is_set():
                return
            self._reason = reason or SecretsError("ABORTED", "call was aborted")
            callbacks, self._callbacks = self._callbacks, []
            self._event.set()
        for callback in callbacks:
            callback(self._reason)

    def reason(self, secret: str | None = None) -> SecretsError:
        """Why it was cancelled, for `secret` when given (ABORTED when not cancelled at all)."""
        reason = self._reason or SecretsError("ABORTED", "call was aborted")
        if secret is None:
            return reason
        if reason.code == "ABORTED" and reason.secret is None:
            return SecretsError("ABORTED", f'call for secret "{secret}" was aborted', secret=secret)
        return reason.for_secret(secret)

    def wait(self, timeout_s: float | None = None) -> bool:
        """Blocks until cancelled or `timeout_s` passed; True when cancelled."""
        return self._event.wait(timeout_s)

    def on_cancel(self, callback: Callable[[SecretsError], None]) -> Callable[[], None]:
        """Calls `callback(reason)` when cancelled (at once if already); returns an unsubscribe."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)

                def remove() -> None:
                    with self._lock:
                        if callback in self._callbacks:
                            self._callbacks.remove(callback)

                return remove
        callback(self.reason())
        return lambda: None

    def __repr__(self) -> str:
        state = f"cancelled: {self._reason.code}" if self._reason else "active"
        return f"CancelToken({state})"


class Deadline(CancelToken):
    """A token that cancels itself with TIMEOUT after `ms`, or when `parent` is cancelled.

    Call dispose() when the work is done, so the timer and the parent's callback go away.
    """

    __slots__ = ("_timer", "_unlink")

    def __init__(self, clock: Clock, ms: float, parent: CancelToken | None = None) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self._unlink: Callable[[], None] = lambda: None
        if parent is not None:
            self._unlink = parent.on_cancel(self.cancel)
        if not self.cancelled:
            timeout = SecretsError("TIMEOUT", f"call timed out after {ms:g} ms")
            self._timer = clock.call_later(ms, lambda: self.cancel(timeout))

    def dispose(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._unlink()

    def __enter__(self) -> Deadline:
        return self

    def __exit__(self, *_: object) -> None:
        self.dispose()
