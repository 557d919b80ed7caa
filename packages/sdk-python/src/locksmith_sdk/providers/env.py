"""Values from the environment variables the catalog names (`env:` of each field)."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping, Sequence

from ..errors import SecretsError
from ..resilience.abort import CancelToken
from ..types import FetchRequest, FetchResult, FieldsValue, RawVersion


class EnvProvider:
    """Reads each field from its env var; an object secret is assembled from several variables.

    `env` defaults to `os.environ`, read at every fetch. The version id (`env-N`) changes whenever
    a secret's variables change, so a refresh notices an edited environment.
    """

    name = "env"
    max_batch_size = 1_000_000

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = env
        self._seen: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def fetch(self, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        if token.cancelled:
            return [FetchResult.failed(token.reason(r.secret.name)) for r in requests]
        return [self._one(r) for r in requests]

    def _one(self, request: FetchRequest) -> FetchResult:
        source = os.environ if self._env is None else self._env
        secret = request.secret.name
        if request.stage != "current":
            return FetchResult.failed(
                SecretsError(
                    "NOT_FOUND", f'env: secret "{secret}" has no {request.stage} version', secret=secret, provider="env"
                )
            )
        fields: dict[str, str] = {}
        missing: list[str] = []
        for field in request.secret.fields:
            value = source.get(field.env)
            if value is not None:
                fields[field.key] = value
            elif field.required and field.default is None:
                missing.append(field.env)
        if missing:
            return FetchResult.failed(
                SecretsError(
                    "NOT_FOUND", f'env: secret "{secret}" needs {", ".join(missing)}', secret=secret, provider="env"
                )
            )
        # Only a hash is kept, to notice a change; the values are in this process's env anyway.
        digest = hash(json.dumps(fields, sort_keys=True))
        with self._lock:
            version, seen = self._seen.get(secret, (0, digest))
            version = version + 1 if version == 0 or seen != digest else version
            self._seen[secret] = (version, digest)
        return FetchResult.of(RawVersion(version_id=f"env-{version}", value=FieldsValue(fields)))

    def close(self) -> None:
        return None

    def __repr__(self) -> str:
        return "EnvProvider()"


def warn_env_in_production(logger: logging.Logger, environment: str, secrets: Sequence[str]) -> None:
    """A loud warning when a production environment reads secrets from env vars. Names only."""
    logger.warning(
        "locksmith: secrets %s are read from environment variables in production environment %r",
        ", ".join(secrets),
        environment,
        extra={"event": "env_provider_in_production", "environment": environment, "secrets": list(secrets)},
    )
