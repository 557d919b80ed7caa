"""Store mode on AWS: boto3 against locksmith-fake, requests counted at the fake."""

from __future__ import annotations

import json
import secrets
from typing import Any

import boto3
import pytest
from fakes import Fake
from support import descriptor

from locksmith_sdk import RetryPolicy, SecretsError, create_client


def _seed(fake: Fake, names: list[str], prefix: str) -> None:
    client = boto3.session.Session().client("secretsmanager", endpoint_url=fake.aws_endpoint, region_name=fake.region)
    for name in names:
        client.create_secret(Name=f"{prefix}/{name}", SecretString=f"value-of-{name}")


def _client(fake: Fake, names: list[str], prefix: str, **options: Any) -> Any:
    secrets_ = {n: {"path": f"{prefix}/{n}"} for n in names}
    return create_client(
        descriptor(secrets_), environment="test", env={}, aws_endpoint_url=fake.aws_endpoint, **options
    )


def _ops(fake: Fake) -> list[str]:
    return [str(e.get("op") or e.get("operation")) for e in fake.requests("aws")]


def test_a_cold_preload_of_100_secrets_takes_five_requests(fakes: Fake) -> None:
    prefix = f"p{secrets.token_hex(4)}"
    names = [f"s{i:03d}" for i in range(100)]
    _seed(fakes, names, prefix)
    fakes.clear_requests()
    with _client(fakes, names, prefix) as client:
        client.preload()
        assert client.get("s042") == "value-of-s042"
    assert _ops(fakes) == ["BatchGetSecretValue"] * 5


def test_retries_do_not_multiply_with_the_sdk_s_own(fakes: Fake) -> None:
    prefix = f"r{secrets.token_hex(4)}"
    _seed(fakes, ["token"], prefix)
    fakes.fault("aws", "throttle", times=None, op="GetSecretValue")
    fakes.clear_requests()
    with _client(fakes, ["token"], prefix, retry=RetryPolicy(attempts=3, base_ms=1, cap_ms=5)) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("token")
    assert (caught.value.code, caught.value.retryable) == ("THROTTLED", True)
    # Three runtime attempts, one HTTP request each: boto3's retries are off.
    assert _ops(fakes) == ["GetSecretValue"] * 3


def test_a_role_without_batch_access_falls_back_to_one_call_per_secret(fakes: Fake) -> None:
    prefix = f"d{secrets.token_hex(4)}"
    names = ["a", "b", "c"]
    _seed(fakes, names, prefix)
    fakes.fault("aws", "denied", times=1, op="BatchGetSecretValue")
    fakes.clear_requests()
    with _client(fakes, names, prefix) as client:
        client.preload()
        assert [client.get(n) for n in names] == ["value-of-a", "value-of-b", "value-of-c"]
    assert sorted(_ops(fakes)) == ["BatchGetSecretValue"] + ["GetSecretValue"] * 3


def test_the_previous_version_comes_from_awsprevious(fakes: Fake) -> None:
    prefix = f"v{secrets.token_hex(4)}"
    sm = boto3.session.Session().client("secretsmanager", endpoint_url=fakes.aws_endpoint, region_name=fakes.region)
    sm.create_secret(Name=f"{prefix}/key", SecretString="old-key-value")
    sm.put_secret_value(SecretId=f"{prefix}/key", SecretString="new-key-value")
    spec = {"key": {"path": f"{prefix}/key", "rotation": {"strategy": "dual-key", "overlapMs": 3_600_000}}}
    with create_client(descriptor(spec), environment="test", env={}, aws_endpoint_url=fakes.aws_endpoint) as client:
        versions = client.secret("key").versions()
        assert versions.current.value == "new-key-value"
        assert versions.previous is not None and versions.previous.value == "old-key-value"
        assert versions.current.created_at_ms is not None
        assert client.health().secrets[0].overlap_ends_at_ms == versions.current.created_at_ms + 3_600_000


def test_an_object_secret_is_validated_against_its_schema(fakes: Fake) -> None:
    prefix = f"o{secrets.token_hex(4)}"
    sm = boto3.session.Session().client("secretsmanager", endpoint_url=fakes.aws_endpoint, region_name=fakes.region)
    sm.create_secret(Name=f"{prefix}/db", SecretString=json.dumps({"url": "not a uri canary", "password": "x" * 20}))
    spec = {
        "db": {
            "path": f"{prefix}/db",
            "kind": "object",
            "schema": {
                "type": "object",
                "required": ["url", "password"],
                "properties": {"url": {"type": "string", "format": "uri"}, "password": {"type": "string"}},
            },
            "fields": [
                {"name": "url", "env": "DB_URL", "type": "string", "required": True},
                {"name": "password", "env": "DB_PASSWORD", "type": "string", "required": True},
            ],
        }
    }
    with create_client(descriptor(spec), environment="test", env={}, aws_endpoint_url=fakes.aws_endpoint) as client:
        with pytest.raises(SecretsError) as caught:
            client.get("db")
    assert (caught.value.code, caught.value.secret, caught.value.field, caught.value.rule) == (
        "VALIDATION_FAILED",
        "db",
        "/url",
        "format",
    )
    assert "canary" not in str(caught.value)
