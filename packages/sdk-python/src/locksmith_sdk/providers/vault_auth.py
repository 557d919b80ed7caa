"""Vault logins and token upkeep: token, AppRole and Kubernetes auth, renewal, re-login."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
from collections.abc import Mapping
from typing import Any, Literal

from ..clock import Clock, Timer
from ..errors import SecretsError
from .vault_errors import from_vault_error

DEFAULT_JWT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token"
#: Renew once two thirds of the TTL have passed, leaving a third for slow or failed renewals.
RENEW_AT = 2 / 3

AuthMethod = Literal["token", "approle", "kubernetes"]


@dataclasses.dataclass(frozen=True, repr=False)
class VaultAuth:
    """How the Vault provider gets a token. Its repr shows the method and role, never a credential."""

    method: AuthMethod
    token: str | None = None
    role: str | None = None
    role_id: str | None = None
    secret_id: str | None = None
    mount: str | None = None
    jwt_path: str = DEFAULT_JWT_PATH
    #: Methods tried to get here, for the error message when the login fails.
    tried: tuple[str, ...] = ()

    def __repr__(self) -> str:
        role = f", role={self.role!r}" if self.role else ""
        return f"VaultAuth(method={self.method!r}{role})"


def choose_auth(
    descriptor_method: AuthMethod,
    *,
    role: str | None,
    auth_mount: str,
    env: Mapping[str, str],
) -> VaultAuth:
    """Which login to use.

    `LOCKSMITH_VAULT_AUTH` (token, approle, kubernetes) overrides the descriptor's method; a
    descriptor saying kubernetes with no service-account token file but VAULT_TOKEN set uses the
    token (local development against locksmith-fake).
    """
    override = env.get("LOCKSMITH_VAULT_AUTH")
    if override is not None and override not in ("token", "approle", "kubernetes"):
        raise SecretsError("CONFIGURATION", "LOCKSMITH_VAULT_AUTH must be token, approle or kubernetes")
    method: AuthMethod = override or descriptor_method  # type: ignore[assignment]
    jwt_path = env.get("LOCKSMITH_VAULT_JWT_PATH") or DEFAULT_JWT_PATH
    tried: tuple[str, ...] = (method,)
    if override is None and method == "kubernetes" and not os.path.exists(jwt_path) and env.get("VAULT_TOKEN"):
        method = "token"
        tried = ("kubernetes (no service-account token file)", "token")
    if method == "token":
        token = env.get("VAULT_TOKEN")
        if not token:
            raise SecretsError("CONFIGURATION", f"vault token auth needs VAULT_TOKEN (tried: {', '.join(tried)})")
        return VaultAuth("token", token=token, tried=tried)
    if method == "approle":
        role_id, secret_id = env.get("VAULT_ROLE_ID"), env.get("VAULT_SECRET_ID")
        if not role_id or not secret_id:
            raise SecretsError("CONFIGURATION", "vault approle auth needs VAULT_ROLE_ID and VAULT_SECRET_ID")
        return VaultAuth(
            "approle",
            role_id=role_id,
            secret_id=secret_id,
            mount=auth_mount if descriptor_method == "approle" else "approle",
            tried=tried,
        )
    if not role:
        raise SecretsError("CONFIGURATION", "vault kubernetes auth needs a role for this environment")
    return VaultAuth(
        "kubernetes",
        role=role,
        mount=auth_mount if descriptor_method == "kubernetes" else "kubernetes",
        jwt_path=jwt_path,
        tried=tried,
    )


class VaultSession:
    """Keeps the hvac client's token valid.

    Logs in lazily, renews (renew-self) once 2/3 of the TTL has passed — on a clock timer, so a
    token outlives a service that reads rarely, and checked again before each request — and logs
    in again when renewal fails or a request gets a 403. close() stops the timer.
    """

    def __init__(self, client: Any, auth: VaultAuth, clock: Clock) -> None:
        self._client = client
        self._auth = auth
        self._clock = clock
        self._lock = threading.Lock()
        self._logged_in = False
        self._renew_at: float | None = None
        self._timer: Timer | None = None
        self._closed = False

    def close(self) -> None:
        """Stops renewing; a renewal already running finishes on its own daemon thread."""
        with self._lock:
            self._closed = True
            self._cancel_timer()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _renew_due(self) -> None:
        # The clock's timer thread serves every timer of the client: the HTTP call goes elsewhere.
        threading.Thread(target=self._renew_on_time, name="locksmith-vault-renew", daemon=True).start()

    def _renew_on_time(self) -> None:
        """Renews (or logs in again) unless a request did it first. A failure is left for the next
        request, whose ensure() tries again and reports it."""
        with self._lock:
            if self._closed or not self._logged_in or self._renew_at is None:
                return
            if self._clock.now_ms() < self._renew_at:
                return
            with contextlib.suppress(SecretsError):
                self._renew()

    @property
    def can_login(self) -> bool:
        """True when a fresh login can replace a refused token (not for a static token)."""
        return self._auth.method != "token"

    def ensure(self) -> None:
        with self._lock:
            if self._logged_in and (self._renew_at is None or self._clock.now_ms() < self._renew_at):
                return
            if self._logged_in:
                self._renew()
            else:
                self._login()

    def relogin(self) -> None:
        with self._lock:
            self._logged_in = False
            self._login()

    def _login(self) -> None:
        auth = self._auth
        problem: SecretsError | None = None
        try:
            if auth.method == "token":
                self._client.token = auth.token
                data = self._client.auth.token.lookup_self().get("data") or {}
                self._schedule(data.get("ttl"), data.get("renewable"))
            elif auth.method == "approle":
                answer = self._client.auth.approle.login(
                    role_id=auth.role_id, secret_id=auth.secret_id, mount_point=auth.mount or "approle", use_token=True
                )
                self._adopt(answer)
            else:
                answer = self._client.auth.kubernetes.login(
                    role=auth.role, jwt=_read_jwt(auth.jwt_path), mount_point=auth.mount or "kubernetes", use_token=True
                )
                self._adopt(answer)
            self._logged_in = True
            return
        except SecretsError as error:
            problem = error
        except Exception as error:  # noqa: BLE001 - translated, never kept
            mapped = from_vault_error(error, None)
            problem = SecretsError(
                mapped.code if mapped.retryable else "AUTH_FAILED",
                f"vault: login failed ({mapped.code}); tried: {', '.join(auth.tried or (auth.method,))}",
                provider="vault",
                cause=mapped,
            )
        raise problem

    def _renew(self) -> None:
        try:
            answer = self._client.auth.token.renew_self()
            block = answer.get("auth") or {}
            self._schedule(block.get("lease_duration"), block.get("renewable"))
            return
        except Exception:  # noqa: BLE001 - a token past its max TTL cannot be renewed: log in again
            self._logged_in = False
        if not self.can_login:
            raise SecretsError("AUTH_FAILED", "vault: token renewal failed; tried: token", provider="vault")
        self._login()

    def _adopt(self, answer: Any) -> None:
        block = (answer or {}).get("auth") or {}
        if not isinstance(block.get("client_token"), str):
            raise SecretsError("MALFORMED_RESPONSE", "vault: login response has no client_token", provider="vault")
        self._client.token = block["client_token"]
        self._schedule(block.get("lease_duration"), block.get("renewable"))

    def _schedule(self, ttl: Any, renewable: Any) -> None:
        seconds = ttl if isinstance(ttl, (int, float)) and not isinstance(ttl, bool) else 0
        # TTL 0 is a token that never expires (root, dev). A non-renewable token is still "renewed"
        # on time when a login can replace it: the renewal fails and a fresh login follows.
        can_renew = renewable is not False or self.can_login
        self._cancel_timer()
        if seconds <= 0 or not can_renew:
            self._renew_at = None
            return
        delay_ms = seconds * 1000 * RENEW_AT
        self._renew_at = self._clock.now_ms() + delay_ms
        if not self._closed:
            self._timer = self._clock.call_later(delay_ms, self._renew_due)


def _read_jwt(path: str) -> str:
    """The projected service-account token, read afresh at each login (the kubelet rotates it)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError:
        pass
    raise SecretsError("AUTH_FAILED", f"vault: cannot read the service-account token at {path}", provider="vault")
