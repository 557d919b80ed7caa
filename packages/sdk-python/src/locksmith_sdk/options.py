"""Client options and their defaults (docs/python.md lists the same numbers)."""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from .clock import Clock
from .decode.materialize import Factory
from .resilience.backoff import RetryPolicy
from .resilience.breaker import BreakerPolicy
from .types import Provider

ProviderKind = Literal["store", "aws", "vault", "env", "files"]
StoreKind = Literal["aws", "vault", "env", "files"]
PROVIDER_KINDS: tuple[ProviderKind, ...] = ("store", "aws", "vault", "env", "files")

DEFAULT_CACHE_TTL_MS = 5 * 60_000.0
DEFAULT_MAX_STALENESS_MS = 60 * 60_000.0
DEFAULT_TIMEOUT_MS = 10_000.0
DEFAULT_FILES_ROOT = "/var/run/secrets/locksmith"

#: The package logger; a NullHandler is attached so an application without logging set up stays quiet.
LOGGER = logging.getLogger("locksmith_sdk")
LOGGER.addHandler(logging.NullHandler())


@dataclasses.dataclass(frozen=True)
class ClientOptions:
    """Every option of `create_client`; all are optional."""

    #: One of the descriptor's environments (default: LOCKSMITH_ENV).
    environment: str | None = None
    #: Force one store for every secret: a kind (default: LOCKSMITH_PROVIDER, else the
    #: environment's source) or a Provider instance.
    provider: ProviderKind | Provider | None = None
    #: Provider instances to use instead of the built-in ones, by kind.
    providers: Mapping[StoreKind, Provider] = dataclasses.field(default_factory=dict)
    #: Stores to try, in order, when the selected one fails. Only used when given.
    fallback: Sequence[StoreKind] = ()
    #: Endpoint of Secrets Manager (default: boto3's chain, AWS_ENDPOINT_URL_SECRETS_MANAGER).
    aws_endpoint_url: str | None = None
    #: Vault address (default: VAULT_ADDR).
    vault_url: str | None = None
    #: Root of mounted secret directories (default: LOCKSMITH_FILES_ROOT, else /var/run/secrets/locksmith).
    files_root: str | None = None
    #: Overrides every secret's TTL (default: the secret's cacheTtl, else 5 min).
    cache_ttl_ms: float | None = None
    #: How long past its TTL a value is still served while refreshes fail (default 1 h).
    max_staleness_ms: float = DEFAULT_MAX_STALENESS_MS
    #: Budget of one fetch (a batch, with its retries) in ms (default 10 s).
    timeout_ms: float = DEFAULT_TIMEOUT_MS
    #: How long a background refresh waits for others due at about the same time, so they share
    #: store calls (batches of 20 on AWS); user-facing loads never wait (default 50 ms).
    refresh_window_ms: float = 50.0
    retry: RetryPolicy = RetryPolicy()
    breaker: BreakerPolicy = BreakerPolicy()
    #: Receives events (names and codes only); default: the "locksmith_sdk" logger.
    logger: logging.Logger = LOGGER
    #: Time source; tests pass `locksmith_sdk.testing.FakeClock`.
    clock: Clock | None = None
    #: Uniform random in [0, 1) for jitter; tests pass a seeded one.
    random: Callable[[], float] = random.random
    #: Where LOCKSMITH_*, Vault auth variables and env-provider values are read (default os.environ).
    env: Mapping[str, str] | None = None
    #: Secret name → builds the value callers get from the validated plain value (generated modules).
    factories: Mapping[str, Factory] = dataclasses.field(default_factory=dict)
