"""What a holder needs from its client (an interface, so the holder does not import the client)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from ..clock import Clock
from ..decode.materialize import Factory
from ..resilience.abort import CancelToken
from ..types import FetchRequest, FetchResult, VersionStage


class HolderHost(Protocol):
    """The client as its holders see it."""

    clock: Clock
    random: Callable[[], float]
    logger: logging.Logger
    timeout_ms: float
    max_staleness_ms: float
    lock: threading.RLock

    @property
    def closed(self) -> bool: ...

    def factory_for(self, secret: str) -> Factory | None: ...

    def enqueue(self, holder: Any, done: Callable[[FetchResult], None], background: bool = False) -> None:
        """Queues a current-stage fetch; fetches queued together share batches. A background
        refresh may wait briefly for others (the refresh window)."""
        ...

    def fetch_stage(self, holder: Any, stage: VersionStage, token: CancelToken) -> FetchResult:
        """Fetches another stage of one secret (rotation), through retries and the breaker."""
        ...

    def values_changed(self) -> None:
        """A value appeared, changed or was dropped (the masker recompiles)."""
        ...

    def request_for(self, holder: Any, stage: VersionStage) -> FetchRequest: ...
