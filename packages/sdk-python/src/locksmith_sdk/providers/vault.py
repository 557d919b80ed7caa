"""HashiCorp Vault KV v2 through hvac (the `vault` extra).

Current: `GET <mount>/data/<path>`. Previous: the newest version below `current_version` (from
`<mount>/metadata/<path>`) that is neither deleted nor destroyed. An object secret is the entry's
key/value map; a string secret is the entry's `value` key. hvac's HTTP session has retries off
(the runtime retries), and the namespace goes out as `X-Vault-Namespace`.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from ..clock import Clock, SystemClock
from ..errors import SecretsError
from ..resilience.abort import CancelToken
from ..types import FetchRequest, FetchResult, RawVersion, TextValue
from .blocking import BlockingCalls
from .vault_auth import VaultAuth, VaultSession
from .vault_errors import from_vault_error, vault_status

#: Key under which a string secret is stored in its KV v2 entry (`vault kv put secret/x value=…`).
VAULT_STRING_KEY = "value"

T = TypeVar("T")


def _hvac() -> Any:
    try:
        import hvac
    except ImportError:
        raise SecretsError(
            "CONFIGURATION", "the vault provider needs hvac: pip install 'locksmith-sdk[vault]'"
        ) from None
    return hvac


def build_client(url: str, *, namespace: str | None = None, timeout_s: float = 5.0) -> Any:
    """An hvac client whose HTTP session does not retry (the runtime owns retries)."""
    hvac = _hvac()
    import requests
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    adapter = HTTPAdapter(max_retries=0, pool_maxsize=32)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return hvac.Client(url=url, namespace=namespace, timeout=timeout_s, session=session)


class VaultProvider:
    """Vault KV v2. `auth` says how to log in; see `choose_auth` for the environment's choice."""

    name = "vault"
    max_batch_size = 50

    def __init__(
        self,
        *,
        url: str,
        auth: VaultAuth,
        mount: str = "secret",
        namespace: str | None = None,
        timeout_s: float = 5.0,
        client: Any = None,
        clock: Clock | None = None,
    ) -> None:
        self._url = url
        self._mount = mount
        self._auth = auth
        self._settings = {"namespace": namespace, "timeout_s": timeout_s}
        self._client = client
        self._clock: Clock = clock or SystemClock()
        self._session: VaultSession | None = None
        self._lock = threading.Lock()
        self._calls = BlockingCalls("vault")

    def _ensure_session(self) -> VaultSession:
        with self._lock:
            if self._client is None:
                self._client = build_client(self._url, **self._settings)  # type: ignore[arg-type]
            if self._session is None:
                self._session = VaultSession(self._client, self._auth, self._clock)
            return self._session

    def fetch(self, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        if token.cancelled:
            return [FetchResult.failed(token.reason(r.secret.name)) for r in requests]
        calls = [functools.partial(self._read, r) for r in requests]
        outcomes = self._calls.run_all(calls, token, [r.secret.name for r in requests])
        return [
            FetchResult.failed(from_vault_error(o, r.secret.name))
            if isinstance(o, BaseException)
            else FetchResult.of(o)
            for r, o in zip(requests, outcomes, strict=True)
        ]

    def _authed(self, read: Callable[[], T]) -> T:
        """Runs a read with a valid token; a 403 is retried once after a fresh login."""
        session = self._ensure_session()
        session.ensure()
        try:
            return read()
        except Exception as error:  # noqa: BLE001
            # Vault answers 403 for a revoked or expired token as well as for a policy denial.
            if vault_status(error) != 403 or not session.can_login:
                raise
        session.relogin()
        return read()

    def _read(self, request: FetchRequest) -> RawVersion:
        if request.stage == "pending":
            raise SecretsError("INVALID_REQUEST", "vault: KV v2 has no pending stage", provider="vault")
        version = None if request.stage == "current" else self._previous_version(request)
        path = request.placement.path
        answer = self._authed(
            lambda: self._client.secrets.kv.v2.read_secret_version(
                path=path, mount_point=self._mount, version=version, raise_on_deleted_version=True
            )
        )
        body = (answer or {}).get("data") if isinstance(answer, dict) else None
        data = body.get("data") if isinstance(body, dict) else None
        meta = body.get("metadata") if isinstance(body, dict) else None
        number = meta.get("version") if isinstance(meta, dict) else None
        if not isinstance(data, dict) or not isinstance(number, int):
            raise SecretsError(
                "MALFORMED_RESPONSE", "vault: KV v2 response lacks data or metadata.version", provider="vault"
            )
        created_ms = _created_ms(meta.get("created_time") if isinstance(meta, dict) else None)
        if request.secret.kind == "object":
            return RawVersion(str(number), TextValue(json.dumps(data)), created_ms)
        text = data.get(VAULT_STRING_KEY)
        if not isinstance(text, str):
            raise SecretsError(
                "VALIDATION_FAILED",
                f'vault: string secret has no "{VAULT_STRING_KEY}" key',
                provider="vault",
                field=f"/{VAULT_STRING_KEY}",
                rule="required",
            )
        return RawVersion(str(number), TextValue(text), created_ms)

    def _previous_version(self, request: FetchRequest) -> int:
        path = request.placement.path
        answer = self._authed(
            lambda: self._client.secrets.kv.v2.read_secret_metadata(path=path, mount_point=self._mount)
        )
        data = (answer or {}).get("data") if isinstance(answer, dict) else None
        current = data.get("current_version") if isinstance(data, dict) else None
        versions = (data.get("versions") if isinstance(data, dict) else None) or {}
        if not isinstance(current, int):
            raise SecretsError("MALFORMED_RESPONSE", "vault: metadata lacks current_version", provider="vault")
        for number in range(current - 1, 0, -1):
            entry = versions.get(str(number))
            if isinstance(entry, dict) and not entry.get("destroyed") and not entry.get("deletion_time"):
                return number
        raise SecretsError("NOT_FOUND", "vault: no live previous version", provider="vault")

    def close(self) -> None:
        self._calls.close()
        with self._lock:
            client, self._client = self._client, None
            session, self._session = self._session, None
        if session is not None:
            session.close()
        adapter = getattr(client, "adapter", None)
        closer = getattr(adapter, "close", None)
        if callable(closer):
            closer()

    def __repr__(self) -> str:
        return f"VaultProvider(url={self._url!r}, mount={self._mount!r}, auth={self._auth!r})"


_RFC3339 = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", re.ASCII)


def _created_ms(text: Any) -> float | None:
    """Vault's created_time (RFC 3339 with nanoseconds) in epoch ms; None when absent or odd."""
    match = _RFC3339.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    base, fraction, zone = match.groups()
    stamp = f"{base}.{(fraction or '0')[:6].ljust(6, '0')}{'+00:00' if zone == 'Z' else zone}"
    try:
        return datetime.fromisoformat(stamp).timestamp() * 1000.0
    except ValueError:
        return None
