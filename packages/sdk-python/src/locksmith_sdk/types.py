"""The provider interface and what flows through it: requests, raw versions, results.

Raw values never print: every class here that can hold one has a repr that shows its shape only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Generic, Literal, Protocol, TypeVar, runtime_checkable

from .descriptor import PlacementDescriptor, SecretDescriptor
from .errors import SecretsError
from .resilience.abort import CancelToken

VersionStage = Literal["current", "previous", "pending"]

V = TypeVar("V")
V_co = TypeVar("V_co", covariant=True)


@dataclasses.dataclass(frozen=True, repr=False)
class TextValue:
    """A value the store returned as text (AWS SecretString, a Vault entry as JSON)."""

    text: str

    def __repr__(self) -> str:
        return "TextValue(<redacted>)"


@dataclasses.dataclass(frozen=True, repr=False)
class BinaryValue:
    """A value the store returned as bytes (AWS SecretBinary); the catalog has no binary secrets."""

    data: bytes

    def __repr__(self) -> str:
        return "BinaryValue(<redacted>)"


@dataclasses.dataclass(frozen=True, repr=False)
class FieldsValue:
    """One string per field key ("" for a string secret): env vars and mounted files."""

    fields: Mapping[str, str]

    def __repr__(self) -> str:
        return f"FieldsValue(keys={sorted(self.fields)})"


RawValue = TextValue | BinaryValue | FieldsValue


@dataclasses.dataclass(frozen=True)
class RawVersion:
    """One version as fetched, before decoding and validation."""

    #: Store version id (AWS VersionId, Vault KV version number, a content counter…).
    version_id: str
    value: RawValue
    #: The store's creation date of this version in epoch ms (AWS CreatedDate, Vault created_time).
    created_at_ms: float | None = None


@dataclasses.dataclass(frozen=True)
class FetchRequest:
    """One secret a provider is asked for."""

    secret: SecretDescriptor
    placement: PlacementDescriptor
    environment: str
    stage: VersionStage = "current"


@dataclasses.dataclass(frozen=True)
class FetchResult:
    """The answer to one request: a version or a typed error, never both."""

    version: RawVersion | None = None
    error: SecretsError | None = None

    @property
    def ok(self) -> bool:
        """True when the request was answered with a version."""
        return self.version is not None

    @staticmethod
    def of(version: RawVersion) -> FetchResult:
        """A successful answer."""
        return FetchResult(version=version)

    @staticmethod
    def failed(error: SecretsError) -> FetchResult:
        """A failed answer."""
        return FetchResult(error=error)


@runtime_checkable
class Provider(Protocol):
    """A store behind the runtime: AWS Secrets Manager, Vault KV v2, env, files, or your own.

    A provider makes one attempt per call: retries, backoff, caching and breaking are the
    runtime's job, so they never multiply. `fetch` answers every request, in order, with a
    version or a SecretsError, and honours `token` (ABORTED/TIMEOUT when it is cancelled).
    """

    @property
    def name(self) -> str:
        """'aws', 'vault', 'env', 'files' or your own; shown in health and logs."""
        ...

    @property
    def max_batch_size(self) -> int:
        """Most requests one fetch may carry (AWS: 20, BatchGetSecretValue's limit)."""
        ...

    def fetch(self, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        """One result per request, in order; one attempt, no retries."""
        ...

    def close(self) -> None:
        """Releases the clients, threads and watches the provider owns."""
        ...


class WatchingProvider(Provider, Protocol):
    """A provider that pushes changes (mounted files): `watch` returns an unsubscribe function."""

    def watch(self, on_change: Callable[[Sequence[str]], None]) -> Callable[[], None]:
        """Calls `on_change(secret names)` when secrets change; returns an unsubscribe function."""
        ...


@dataclasses.dataclass(frozen=True, repr=False)
class Version(Generic[V_co]):
    """One version of a secret's value. Its repr shows the version id only."""

    version_id: str
    value: V_co
    created_at_ms: float | None = None

    def __repr__(self) -> str:
        return f"Version(version_id={self.version_id!r}, value=<redacted>)"


@dataclasses.dataclass(frozen=True, repr=False)
class SecretVersions(Generic[V_co]):
    """The versions a dual-key rotation needs: current, and previous during the overlap."""

    current: Version[V_co]
    previous: Version[V_co] | None = None

    def __repr__(self) -> str:
        return f"SecretVersions(current={self.current!r}, previous={self.previous!r})"

    def __iter__(self) -> Iterator[Version[V_co]]:
        """Current, then previous when offered: `for version in versions` tries both keys."""
        yield self.current
        if self.previous is not None:
            yield self.previous


HealthState = Literal["fresh", "stale", "failed", "cold"]


@dataclasses.dataclass(frozen=True)
class SecretHealth:
    """Per-secret state for health checks. Never holds a value."""

    secret: str
    state: HealthState
    provider: str
    age_ms: float | None
    version_id: str | None
    last_error_code: str | None
    #: Epoch ms when the previous version stops being offered (None: no overlap running).
    overlap_ends_at_ms: float | None = None


@dataclasses.dataclass(frozen=True)
class HealthReport:
    """What health() returns; wire `ready` to a readiness probe."""

    ready: bool
    secrets: tuple[SecretHealth, ...]

    def to_dict(self) -> dict[str, object]:
        """The report as plain data, for JSON health endpoints."""
        return {"ready": self.ready, "secrets": [dataclasses.asdict(s) for s in self.secrets]}
