"""Raw store value → validated, immutable value (or what a generated module builds from it)."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from ..descriptor import SecretDescriptor
from ..errors import SecretsError
from ..types import RawValue
from .decode import decode_value
from .validate import validate_value

#: Builds the value callers get from the validated plain value (a generated dataclass, say).
Factory = Callable[[Any], Any]


def freeze(value: Any) -> Any:
    """Plain value → read-only: dicts become mappingproxies; strings and scalars already are."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def materialize(secret: SecretDescriptor, raw: RawValue, factory: Factory | None) -> Any:
    """Decodes, validates and freezes; VALIDATION_FAILED naming field and rule, never the value."""
    value = decode_value(secret, raw)
    validate_value(secret, value)
    frozen = freeze(value)
    if factory is None:
        return frozen
    problem: SecretsError | None = None
    try:
        return factory(frozen)
    except (KeyError, TypeError, ValueError):
        # The factory's own message may quote the value; keep only that it failed.
        problem = SecretsError(
            "VALIDATION_FAILED",
            f'secret "{secret.name}" does not fit its generated type (rule: type)',
            secret=secret.name,
            field="/",
            rule="type",
        )
    raise problem
