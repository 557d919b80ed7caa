"""Locksmith runtime for Python services.

Generated modules (`locksmith gen`, services with `languages: [python]`) embed their service
descriptor and call `create_client`; see docs/python.md. Values never print: handles, clients,
versions and errors show names, states and codes only.
"""

from __future__ import annotations

from .cache.holder import SecretHandle
from .client import SecretClient, create_client, pick_environment
from .clock import Clock, SystemClock
from .descriptor import ServiceDescriptor
from .errors import ERROR_CODES, RETRYABLE, AggregateSecretsError, ErrorCode, LoadError, SecretsError
from .options import ClientOptions
from .redact.log_filter import MaskingFilter
from .redact.masker import REDACTED
from .resilience.abort import CancelToken, Deadline
from .resilience.backoff import RetryPolicy
from .resilience.breaker import BreakerPolicy
from .rotation import atry_each, try_each
from .types import (
    FetchRequest,
    FetchResult,
    HealthReport,
    Provider,
    RawVersion,
    SecretHealth,
    SecretVersions,
    Version,
)

__all__ = [
    "ERROR_CODES",
    "REDACTED",
    "RETRYABLE",
    "AggregateSecretsError",
    "BreakerPolicy",
    "CancelToken",
    "ClientOptions",
    "Clock",
    "Deadline",
    "ErrorCode",
    "FetchRequest",
    "FetchResult",
    "HealthReport",
    "LoadError",
    "MaskingFilter",
    "Provider",
    "RawVersion",
    "RetryPolicy",
    "SecretClient",
    "SecretHandle",
    "SecretHealth",
    "SecretVersions",
    "SecretsError",
    "ServiceDescriptor",
    "SystemClock",
    "Version",
    "atry_each",
    "create_client",
    "pick_environment",
    "try_each",
]
