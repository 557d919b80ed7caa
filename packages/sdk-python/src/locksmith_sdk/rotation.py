"""Trying each version during the overlap of a dual-key rotation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from .types import SecretVersions

V = TypeVar("V")
R = TypeVar("R")


def try_each(versions: SecretVersions[V], attempt: Callable[[V, str], R]) -> R:
    """Runs `attempt(value, version_id)` with the current version, then the previous one, and
    returns the first success (verify a JWT signed with either key, decrypt data sealed with
    either). When both fail the current version's exception is raised: it is the one that
    matters once the overlap ends."""
    try:
        return attempt(versions.current.value, versions.current.version_id)
    except Exception as current_error:
        previous = versions.previous
        if previous is None:
            raise
        try:
            return attempt(previous.value, previous.version_id)
        except Exception:
            raise current_error from None


async def atry_each(versions: SecretVersions[V], attempt: Callable[[V, str], Awaitable[R]]) -> R:
    """`try_each` for an async `attempt`."""
    try:
        return await attempt(versions.current.value, versions.current.version_id)
    except Exception as current_error:
        previous = versions.previous
        if previous is None:
            raise
        try:
            return await attempt(previous.value, previous.version_id)
        except Exception:
            raise current_error from None
