"""AppRole, Kubernetes and token logins end to end.

Each test runs its own locksmith-fake on a fake clock, configured the way an operator configures
Vault: through Vault's HTTP API with the root token (hvac). The client runs on a FakeClock that the
lab moves together with the fake's clock, so token TTLs pass without sleeping.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hvac
import pytest
from fakes import Fake, running_fake
from support import descriptor, wait_until

from locksmith_sdk import RetryPolicy, SecretClient, SecretsError, create_client
from locksmith_sdk.testing import FakeClock

VALUE = "allowed-value-4f1c8a"
CANARY = "denied-canary-9b7e2d"  # the value of a secret the role's policy does not grant
TTL_MS = 60_000.0
MAX_TTL_MS = 3_600_000.0
POLICY = """
path "secret/data/app/allowed" { capabilities = ["read"] }
path "secret/metadata/app/allowed" { capabilities = ["read"] }
"""


def service_account_jwt(namespace: str, name: str, issued_ms: float, expires_ms: float) -> str:
    """A projected service-account token; the fake Vault reads its claims, not its signature."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {
        "iss": "kubernetes/serviceaccount",
        "sub": f"system:serviceaccount:{namespace}:{name}",
        "iat": int(issued_ms / 1000),
        "exp": int(expires_ms / 1000),
        "kubernetes.io": {"namespace": namespace, "serviceaccount": {"name": name, "uid": f"uid-{issued_ms}"}},
    }
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


class Lab:
    """A fake-clock locksmith-fake with a policy and two secrets, and the clock of its clients."""

    def __init__(self, fake: Fake) -> None:
        self.fake = fake
        self.root = hvac.Client(url=fake.vault_endpoint, token=fake.vault_token)
        self.clock = FakeClock(start_ms=float(fake.admin("GET", "/clock")["now"]))
        self.root.sys.create_or_update_policy(name="svc-read", policy=POLICY)
        for name, value in (("allowed", VALUE), ("denied", CANARY)):
            self.root.secrets.kv.v2.create_or_update_secret(path=f"app/{name}", secret={"value": value})

    def enable_approle(self, mount: str) -> tuple[str, str]:
        self.root.sys.enable_auth_method(method_type="approle", path=mount)
        self.root.auth.approle.create_or_update_approle(
            role_name="svc", token_policies=["svc-read"], token_ttl="60s", token_max_ttl="1h", mount_point=mount
        )
        role_id = self.root.auth.approle.read_role_id(role_name="svc", mount_point=mount)["data"]["role_id"]
        secret_id = self.root.auth.approle.generate_secret_id(role_name="svc", mount_point=mount)["data"]["secret_id"]
        return str(role_id), str(secret_id)

    def enable_kubernetes(self, mount: str) -> None:
        self.root.sys.enable_auth_method(method_type="kubernetes", path=mount)
        self.root.auth.kubernetes.configure(kubernetes_host="https://kubernetes.default.svc", mount_point=mount)
        self.root.auth.kubernetes.create_role(
            name="svc",
            bound_service_account_names=["svc"],
            bound_service_account_namespaces=["shop"],
            policies=["svc-read"],
            ttl="60s",
            max_ttl="1h",
            mount_point=mount,
        )

    def project_jwt(self, path: Path, account: str, valid_ms: float) -> str:
        """Writes a service-account token as the kubelet projects (and rotates) it."""
        now = self.clock.now_ms()
        jwt = service_account_jwt("shop", account, now, now + valid_ms)
        path.write_text(jwt + "\n")
        return jwt

    def client(self, method: str, mount: str, env: dict[str, str]) -> SecretClient:
        vault = {"mount": "secret", "authMethod": method, "authMount": mount, "roles": {"test": "svc"}}
        secrets = {name: {"provider": "vault", "path": f"app/{name}"} for name in ("allowed", "denied")}
        spec = descriptor(secrets, vault=vault)
        return create_client(
            spec,
            environment="test",
            env={"VAULT_ADDR": self.fake.vault_endpoint, **env},
            clock=self.clock,
            cache_ttl_ms=24 * MAX_TTL_MS,
            retry=RetryPolicy(attempts=1),
        )

    def advance(self, ms: float) -> None:
        """Moves the fake's clock and the clients', and waits for the renewals that fell due."""
        self.fake.admin("POST", "/clock", {"advanceMs": ms})
        self.clock.advance(ms)
        wait_until(lambda: not any(t.name == "locksmith-vault-renew" for t in threading.enumerate()))

    def log(self) -> tuple[dict[str, int], int]:
        """The fake Vault's requests since the last clear: count per op, and how many got 403."""
        ops: dict[str, int] = {}
        refused = 0
        for entry in self.fake.requests("vault"):
            ops[str(entry.get("op"))] = ops.get(str(entry.get("op")), 0) + 1
            refused += entry.get("status") == 403
        return ops, refused

    def reads_with_the_policy(self, client: SecretClient, login_op: str, *credentials: str) -> None:
        """One login reads the allowed secret; the other is ACCESS_DENIED, showing no credential or value."""
        assert client.get("allowed") == VALUE
        assert self.log()[0].get(login_op) == 1
        with pytest.raises(SecretsError) as caught:
            client.get("denied")
        error = caught.value
        assert error.code == "ACCESS_DENIED"
        rendered = f"{error} {error!r} {error.to_dict()} {error.__cause__!r} {error.__context__!r} {client!r}"
        for text in (*credentials, CANARY):
            assert text not in rendered

    def renews_before_the_ttl(self, client: SecretClient, login_op: str) -> None:
        """Two thirds of the TTL pass with no read: the client renews on its own, so a read past
        the first TTL needs no login and meets no 403."""
        self.fake.clear_requests()
        self.advance(TTL_MS * 2 / 3 + 1000)
        ops, _ = self.log()
        assert ops.get("token.renew-self") == 1 and login_op not in ops, ops
        self.advance(TTL_MS * 2 / 3 + 1000)
        assert client.secret("allowed").refresh() == VALUE
        ops, refused = self.log()
        assert login_op not in ops and refused == 0 and ops.get("token.renew-self", 0) >= 2, (ops, refused)

    def logs_in_again_past_the_max_ttl(self, client: SecretClient, login_op: str) -> None:
        """Past the max TTL no renewal helps: one fresh login replaces the token."""
        self.fake.clear_requests()
        self.advance(MAX_TTL_MS + 60_000)
        assert client.secret("allowed").refresh() == VALUE
        assert self.log()[0].get(login_op) == 1, self.log()


@pytest.fixture
def lab() -> Iterator[Lab]:
    with running_fake("--fake-clock") as fake:
        yield Lab(fake)


def test_approle_login_reads_is_denied_renews_and_logs_in_again(lab: Lab) -> None:
    # A mount other than the default proves the descriptor's auth mount is the one logged in to.
    role_id, secret_id = lab.enable_approle("approle-e2e")
    env = {"VAULT_ROLE_ID": role_id, "VAULT_SECRET_ID": secret_id}
    with lab.client("approle", "approle-e2e", env) as client:
        lab.reads_with_the_policy(client, "auth.approle-e2e.login", role_id, secret_id)
        lab.renews_before_the_ttl(client, "auth.approle-e2e.login")
        lab.logs_in_again_past_the_max_ttl(client, "auth.approle-e2e.login")
    assert lab.clock.pending() == 0, "close() leaves no timer armed, the renewal timer included"

    wrong = "wrong-secret-id-canary"
    with lab.client("approle", "approle-e2e", {"VAULT_ROLE_ID": role_id, "VAULT_SECRET_ID": wrong}) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("allowed")
    error = caught.value
    assert error.code == "AUTH_FAILED" and "tried: approle" in str(error)
    assert wrong not in f"{error} {error!r} {error.to_dict()} {error.__cause__!r}"


def test_kubernetes_login_reads_is_denied_renews_and_reads_a_rotated_jwt(lab: Lab, tmp_path: Path) -> None:
    lab.enable_kubernetes("k8s-e2e")
    jwt_path = tmp_path / "token"
    jwt = lab.project_jwt(jwt_path, "svc", MAX_TTL_MS)
    with lab.client("kubernetes", "k8s-e2e", {"LOCKSMITH_VAULT_JWT_PATH": str(jwt_path)}) as client:
        lab.reads_with_the_policy(client, "auth.k8s-e2e.login", jwt)
        lab.renews_before_the_ttl(client, "auth.k8s-e2e.login")
        # The first JWT expires within the hour; the kubelet has projected a new one, read afresh.
        assert lab.project_jwt(jwt_path, "svc", 2 * MAX_TTL_MS) != jwt
        lab.logs_in_again_past_the_max_ttl(client, "auth.k8s-e2e.login")


@pytest.mark.parametrize("account", ["intruder", "expired"])
def test_a_refused_kubernetes_login_is_auth_failed_without_the_jwt(lab: Lab, tmp_path: Path, account: str) -> None:
    lab.enable_kubernetes("k8s-e2e")
    jwt_path = tmp_path / "token"
    if account == "expired":
        now = lab.clock.now_ms()
        jwt = service_account_jwt("shop", "svc", now - 2 * MAX_TTL_MS, now - MAX_TTL_MS)
        jwt_path.write_text(jwt)
    else:
        jwt = lab.project_jwt(jwt_path, account, MAX_TTL_MS)
    with lab.client("kubernetes", "k8s-e2e", {"LOCKSMITH_VAULT_JWT_PATH": str(jwt_path)}) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("allowed")
    error = caught.value
    assert error.code == "AUTH_FAILED" and "tried: kubernetes" in str(error)
    assert jwt not in f"{error} {error!r} {error.to_dict()} {error.__cause__!r}"


def test_a_renewable_vault_token_is_renewed_before_its_ttl(lab: Lab) -> None:
    created = lab.root.auth.token.create(policies=["svc-read"], ttl="60s", renewable=True)
    token = str(created["auth"]["client_token"])
    with lab.client("token", "token", {"VAULT_TOKEN": token}) as client:
        lab.reads_with_the_policy(client, "token.lookup-self", token)
        lab.renews_before_the_ttl(client, "token.lookup-self")
