"""Store mode on Vault: hvac against locksmith-fake; auth selection, renewal, previous versions."""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hvac
import pytest
from fakes import REPO, Fake, running_fake
from support import descriptor

from locksmith_sdk import RetryPolicy, SecretsError, create_client
from locksmith_sdk.providers.vault import VaultProvider
from locksmith_sdk.providers.vault_auth import VaultAuth, choose_auth
from locksmith_sdk.testing import FakeClock

VAULT = {"mount": "secret", "authMethod": "kubernetes", "authMount": "kubernetes", "roles": {"test": "svc-role"}}


def _write(fake: Fake, path: str, value: str) -> None:
    hvac.Client(url=fake.vault_endpoint, token=fake.vault_token).secrets.kv.v2.create_or_update_secret(
        path=path, secret={"value": value}, mount_point="secret"
    )


def _descriptor(path: str, **rotation: Any) -> dict[str, Any]:
    spec = {"key": {"provider": "vault", "path": path, "rotation": {"strategy": "dual-key", **rotation}}}
    return descriptor(spec, vault=VAULT)


def test_kubernetes_without_a_service_account_token_uses_vault_token(fakes: Fake, tmp_path: Path) -> None:
    path = f"v{secrets.token_hex(4)}/key"
    _write(fakes, path, "key-value-one")
    _write(fakes, path, "key-value-two")
    env = {
        "VAULT_ADDR": fakes.vault_endpoint,
        "VAULT_TOKEN": fakes.vault_token,
        "LOCKSMITH_VAULT_JWT_PATH": str(tmp_path / "no-such-token"),
    }
    with create_client(_descriptor(path), environment="test", env=env) as client:
        versions = client.secret("key").versions()
        assert (versions.current.value, versions.current.version_id) == ("key-value-two", "2")
        assert versions.previous is not None and versions.previous.value == "key-value-one"
        assert repr(client).count(fakes.vault_token) == 0


def test_locksmith_vault_auth_overrides_the_descriptor() -> None:
    auth = choose_auth(
        "kubernetes", role="r", auth_mount="kubernetes", env={"LOCKSMITH_VAULT_AUTH": "token", "VAULT_TOKEN": "t"}
    )
    assert auth.method == "token"
    with pytest.raises(SecretsError) as caught:
        choose_auth("token", role=None, auth_mount="kubernetes", env={"LOCKSMITH_VAULT_AUTH": "approle"})
    assert caught.value.code == "CONFIGURATION" and "VAULT_ROLE_ID" in str(caught.value)
    with pytest.raises(SecretsError):
        choose_auth("token", role=None, auth_mount="x", env={"LOCKSMITH_VAULT_AUTH": "ldap"})


def test_a_refused_login_names_the_methods_tried_and_never_the_token(fakes: Fake, tmp_path: Path) -> None:
    bad = f"hvs.canary{secrets.token_hex(8)}"
    env = {"VAULT_ADDR": fakes.vault_endpoint, "VAULT_TOKEN": bad, "LOCKSMITH_VAULT_JWT_PATH": str(tmp_path / "none")}
    with create_client(_descriptor("x/key"), environment="test", env=env) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("key")
    error = caught.value
    assert error.code == "AUTH_FAILED"
    assert "kubernetes (no service-account token file), token" in str(error)
    rendered = f"{error} {error!r} {error.to_dict()} {error.__cause__!r} {error.__context__!r}"
    assert bad not in rendered and "canary" not in rendered


def test_a_renewable_token_is_renewed_after_two_thirds_of_its_ttl(fakes: Fake) -> None:
    root = hvac.Client(url=fakes.vault_endpoint, token=fakes.vault_token)
    token = root.auth.token.create(ttl="1h", renewable=True, policies=["root"])["auth"]["client_token"]
    path = f"n{secrets.token_hex(4)}/key"
    _write(fakes, path, "renewed-value")
    clock = FakeClock()
    provider = VaultProvider(url=fakes.vault_endpoint, auth=VaultAuth("token", token=token), clock=clock)
    spec = descriptor({"key": {"provider": "vault", "path": path}}, vault=VAULT)
    with create_client(spec, environment="test", env={}, providers={"vault": provider}, clock=clock) as client:
        client.get("key")
        fakes.clear_requests()
        clock.advance(2 / 3 * 3_600_000 + 1)
        client.secret("key").refresh()
    ops = [str(e.get("op") or e.get("operation")) for e in fakes.requests("vault")]
    assert ops[0] == "token.renew-self"


def _jwt(subject: str) -> str:
    """A service-account token as the kubelet projects it (the fake checks claims, not signatures).

    Its audience is `vault`, the one the generated Kubernetes-auth roles require (catalog
    `providers.vault.auth.audience`): a pod mounts a projected token with that audience.
    """

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {
        "sub": subject,
        "aud": ["vault"],
        "exp": int(time.time()) + 3600,
        "kubernetes.io": {"serviceaccount": {"uid": "u-1"}},
    }
    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2lnbmF0dXJl"


@pytest.fixture(scope="module")
def staging() -> Iterator[Fake]:
    """locksmith-fake seeded from the example catalog: Kubernetes roles per service for staging."""
    with running_fake("--catalog", str(REPO / "apps/example-service/secrets.catalog.yaml"), "--env", "staging") as fake:
        yield fake


def _api_client(fake: Fake, jwt_path: Path) -> Any:
    vault = {**VAULT, "roles": {"test": "shop-staging-api"}}
    spec = descriptor({"jwt": {"provider": "vault", "path": "shop/staging/jwt-signing-key"}}, vault=vault)
    env = {"VAULT_ADDR": fake.vault_endpoint, "LOCKSMITH_VAULT_JWT_PATH": str(jwt_path)}
    return create_client(spec, environment="test", env=env)


def test_kubernetes_login_reads_and_a_refused_token_logs_in_again(staging: Fake, tmp_path: Path) -> None:
    jwt_path = tmp_path / "token"
    jwt_path.write_text(_jwt("system:serviceaccount:shop-staging:api"))
    with _api_client(staging, jwt_path) as client:
        value = client.get("jwt")
        assert len(value) >= 43
        # Revoke the token the client holds: its next read gets 403, logs in again and succeeds.
        token = client._provider_of[id(client.secret("jwt"))]._client.token
        hvac.Client(url=staging.vault_endpoint, token=staging.vault_token).auth.token.revoke(token)
        staging.clear_requests()
        assert client.secret("jwt").refresh() == value
    ops = [str(e.get("op") or e.get("operation")) for e in staging.requests("vault")]
    assert ops.count("auth.kubernetes.login") == 1
    assert ops.count("kv.read") >= 2  # the refused read and the one after the new login


def test_a_service_account_the_role_does_not_bind_fails_with_auth_failed(staging: Fake, tmp_path: Path) -> None:
    jwt_path = tmp_path / "token"
    jwt = _jwt("system:serviceaccount:shop-staging:intruder")
    jwt_path.write_text(jwt)
    with _api_client(staging, jwt_path) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("jwt")
    error = caught.value
    assert error.code == "AUTH_FAILED" and "tried: kubernetes" in str(error)
    assert jwt not in f"{error} {error!r} {error.to_dict()} {error.__cause__!r}"


def test_vault_retries_do_not_multiply_with_the_http_session_s(fakes: Fake) -> None:
    path = f"m{secrets.token_hex(4)}/key"
    _write(fakes, path, "retried-value")
    fakes.fault("vault", "503", secret_id=path, times=None)
    fakes.clear_requests()
    env = {"VAULT_ADDR": fakes.vault_endpoint, "VAULT_TOKEN": fakes.vault_token, "LOCKSMITH_VAULT_AUTH": "token"}
    retry = RetryPolicy(attempts=3, base_ms=1, cap_ms=5)
    with create_client(_descriptor(path), environment="test", env=env, retry=retry) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("key")
    assert (caught.value.code, caught.value.retryable) == ("UNAVAILABLE", True)
    reads = [e for e in fakes.requests("vault") if str(e.get("op")) == "kv.read"]
    assert len(reads) == 3
