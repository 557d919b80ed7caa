"""Exponential backoff with full jitter."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """Retries of retryable codes within one call: `attempts` includes the first one."""

    attempts: int = 3
    base_ms: float = 100.0
    cap_ms: float = 2000.0


def full_jitter(policy: RetryPolicy, attempt: int, random: Callable[[], float]) -> float:
    """ "Full jitter" (AWS Architecture Blog): a uniform delay in [0, min(cap, base · 2^attempt))."""
    return math.floor(random() * min(policy.cap_ms, policy.base_ms * 2.0 ** min(attempt, 60)))
