"""The provider contract (packages/testkit/contract/provider-contract.json), run against the real
AWS and Vault providers (boto3, hvac) pointed at locksmith-fake, and at moto when MOTO_ENDPOINT is
set. The runner follows the contract README: one provider per scenario, run-unique name prefixes,
faults through the fake's admin API."""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import hvac
import pytest
from fakes import REPO, Fake

from locksmith_sdk.clock import SystemClock
from locksmith_sdk.descriptor import PlacementDescriptor, RotationDescriptor, SecretDescriptor
from locksmith_sdk.errors import SecretsError
from locksmith_sdk.providers.aws import AwsProvider
from locksmith_sdk.providers.vault import VaultProvider
from locksmith_sdk.providers.vault_auth import VaultAuth
from locksmith_sdk.resilience.abort import CancelToken, Deadline
from locksmith_sdk.types import FetchRequest, FetchResult, Provider, TextValue

CONTRACT = json.loads((REPO / "packages/testkit/contract/provider-contract.json").read_text(encoding="utf-8"))
CANARY = f"canary-{secrets.token_hex(12)}"
MOTO = os.environ.get("MOTO_ENDPOINT")

STORES = ["aws", "vault", *(["moto"] if MOTO else [])]


def _runnable(store: str, scenario: dict[str, Any]) -> bool:
    """moto has no fault injection: scenarios that need faults are not defined for it."""
    return store != "moto" or "faults" not in scenario.get("requires", [])


CASES = [(store, s) for store in STORES for s in CONTRACT["scenarios"] if _runnable(store, s)]
LEFT_OUT = [(store, s["id"]) for store in STORES for s in CONTRACT["scenarios"] if not _runnable(store, s)]


class Store:
    """Writes through the store's own API and builds the provider a service would build."""

    target: str

    def write(self, path: str, value: Any) -> None:
        raise NotImplementedError

    def provider(self) -> Provider:
        raise NotImplementedError


class AwsStore(Store):
    target = "aws"

    def __init__(self, endpoint: str, region: str) -> None:
        self.endpoint = endpoint
        self.region = region
        self.client = boto3.session.Session().client("secretsmanager", region_name=region, endpoint_url=endpoint)

    def write(self, path: str, value: Any) -> None:
        text = value if isinstance(value, str) else json.dumps(value)
        try:
            self.client.put_secret_value(SecretId=path, SecretString=text)
        except self.client.exceptions.ResourceNotFoundException:
            self.client.create_secret(Name=path, SecretString=text)

    def provider(self) -> Provider:
        return AwsProvider(region=self.region, endpoint_url=self.endpoint, read_timeout_s=5.0)


class VaultStore(Store):
    target = "vault"

    def __init__(self, endpoint: str, token: str) -> None:
        self.endpoint = endpoint
        self.token = token
        self.client = hvac.Client(url=endpoint, token=token)

    def write(self, path: str, value: Any) -> None:
        data = {"value": value} if isinstance(value, str) else value
        self.client.secrets.kv.v2.create_or_update_secret(path=path, secret=data, mount_point="secret")

    def provider(self) -> Provider:
        return VaultProvider(url=self.endpoint, auth=VaultAuth("token", token=self.token), mount="secret")


def _store(name: str, fake: Fake) -> Store:
    if name == "aws":
        return AwsStore(fake.aws_endpoint, fake.region)
    if name == "moto":
        assert MOTO is not None
        return AwsStore(MOTO, "us-east-1")
    return VaultStore(fake.vault_endpoint, fake.vault_token)


def _expand(template: Any, index: int | None) -> Any:
    if index is None:
        return template
    if isinstance(template, str):
        return template.replace("{i}", f"{index:02d}").replace("{canary}", CANARY)
    if isinstance(template, dict):
        return {k: _expand(v, index) for k, v in template.items()}
    return template


def _canary(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("{canary}", CANARY)
    if isinstance(value, dict):
        return {k: _canary(v) for k, v in value.items()}
    return value


def _repeat(item: dict[str, Any]) -> Iterator[tuple[dict[str, Any], int | None]]:
    count = item.get("count")
    if count is None:
        yield item, None
        return
    indexes = range(count - 1, -1, -1) if item.get("reverse") else range(count)
    for i in indexes:
        yield item, i


def _descriptor(name: str, path: str, kind: str) -> SecretDescriptor:
    return SecretDescriptor(
        name=name,
        kind="object" if kind == "object" else "string",
        schema={"type": kind},
        fields=(),
        rotation=RotationDescriptor("manual"),
        cache_ttl_ms=None,
        placements={"contract": PlacementDescriptor("aws", path)},
    )


def _decoded(result: FetchResult, kind: str) -> Any:
    assert result.version is not None
    raw = result.version.value
    assert isinstance(raw, TextValue)
    return json.loads(raw.text) if kind == "object" else raw.text


def _texts_of(error: BaseException) -> str:
    """Every rendering of an error and its chain: message, str, repr, JSON form, causes, context."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts += [str(current), repr(current), repr(current.args)]
        if isinstance(current, SecretsError):
            parts.append(json.dumps(current.to_dict()))
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


class Runner:
    def __init__(self, store: Store, fake: Fake, scenario: dict[str, Any]) -> None:
        self.store = store
        self.fake = fake
        self.scenario = scenario
        self.prefix = f"c{secrets.token_hex(4)}-{scenario['id']}-"
        self.provider = store.provider()
        self.captured: dict[str, str] = {}

    def path(self, name: str) -> str:
        return f"locksmith-contract/{self.prefix}{name}"

    def run(self) -> None:
        try:
            for step in self.scenario["steps"]:
                if "write" in step:
                    write = step["write"]
                    for item, i in _repeat(write):
                        self.store.write(self.path(_expand(item["secret"], i)), _canary(_expand(item["value"], i)))
                elif "fault" in step:
                    fault = step["fault"]
                    self.fake.fault(
                        self.store.target, fault["error"], self.path(fault["secret"]), fault.get("times", 1)
                    )
                else:
                    self.fetch(step)
        finally:
            self.provider.close()

    def fetch(self, step: dict[str, Any]) -> None:
        requests: list[tuple[FetchRequest, str]] = []
        for item, i in _repeat_all(step["fetch"]):
            name = self.prefix + _expand(item["secret"], i)
            kind = item.get("kind", "string")
            secret = _descriptor(name, self.path(_expand(item["secret"], i)), kind)
            request = FetchRequest(secret, secret.placements["contract"], "contract", item.get("stage", "current"))
            requests.append((request, kind))
        results = self.call([r for r, _ in requests], step)
        expectations = list(_repeat_all(step["expect"]))
        assert len(results) == len(expectations) == len(requests)
        for (request, kind), result, (expect, i) in zip(requests, results, expectations, strict=True):
            self.check(request, kind, result, _expand(expect, i) if i is not None else expect)
        if step.get("providerRendersWithoutCanary"):
            assert CANARY not in f"{self.provider!r} {self.provider}"

    def call(self, requests: list[FetchRequest], step: dict[str, Any]) -> list[FetchResult]:
        cancel = step.get("cancel")
        if cancel == "before":
            token = CancelToken()
            token.cancel()
            before = len(self.fake.requests(self.store.target))
            results = self.provider.fetch(requests, token)
            assert len(self.fake.requests(self.store.target)) == before, "a cancelled call sent a request"
            return results
        if cancel == "during":
            token = CancelToken()
            answer: list[list[FetchResult]] = []
            worker = threading.Thread(target=lambda: answer.append(self.provider.fetch(requests, token)))
            worker.start()
            self.fake.wait_for_request(self.store.target, requests[0].placement.path)
            token.cancel()
            worker.join(timeout=2)
            assert answer, "the call kept waiting after it was cancelled"
            return answer[0]
        if "deadlineMs" in step:
            clock = SystemClock()
            try:
                with Deadline(clock, step["deadlineMs"]) as deadline:
                    results = self.provider.fetch(requests, deadline)
            finally:
                clock.close()
            return results
        if step.get("chunked"):
            size = self.provider.max_batch_size
            out: list[FetchResult] = []
            for start in range(0, len(requests), size):
                out += self.provider.fetch(requests[start : start + size], CancelToken())
            return out
        return self.provider.fetch(requests, CancelToken())

    def check(self, request: FetchRequest, kind: str, result: FetchResult, expect: dict[str, Any]) -> None:
        where = f"{self.scenario['id']} / {request.secret.name}"
        if "valueOrError" in expect:
            value, code = expect["valueOrError"]
            if result.ok:
                assert _decoded(result, kind) == _canary(value), where
            else:
                assert result.error is not None and result.error.code == code, where
            return
        if "value" in expect:
            assert result.ok, f"{where}: expected a value, got {result.error!r}"
            assert _decoded(result, kind) == _canary(expect["value"]), where
            assert result.version is not None
            version_id = result.version.version_id
            if expect.get("versionId") == "non-empty":
                assert version_id, where
            if "capture" in expect:
                self.captured[expect["capture"]] = version_id
            if "versionIdIs" in expect:
                assert version_id == self.captured[expect["versionIdIs"]], where
            if "versionIdNot" in expect:
                assert version_id != self.captured[expect["versionIdNot"]], where
        if "error" in expect:
            error = result.error
            assert error is not None, f"{where}: expected {expect['error']}, got a value"
            assert error.code == expect["error"], f"{where}: {error!r}"
            if "retryable" in expect:
                assert error.retryable is expect["retryable"], where
            if "secret" in expect:
                assert error.secret == self.prefix + expect["secret"], where
                assert self.prefix + expect["secret"] in str(error), where
            if expect.get("noCanary"):
                assert CANARY not in _texts_of(error), where


def _repeat_all(items: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], int | None]]:
    for item in items:
        yield from _repeat(item)


@pytest.mark.parametrize(("store", "scenario"), CASES, ids=[f"{store}-{s['id']}" for store, s in CASES])
def test_provider_contract(store: str, scenario: dict[str, Any], fakes: Fake) -> None:
    Runner(_store(store, fakes), fakes, scenario).run()


def test_every_scenario_is_defined_or_reported_left_out() -> None:
    """A runner defines only what its stores can run and says how many it left out (moto: faults)."""
    total = len(CONTRACT["scenarios"]) * len(STORES)
    assert len(CASES) + len(LEFT_OUT) == total
    print(f"\nprovider contract: {len(CASES)} scenario runs defined, {len(LEFT_OUT)} left out: {LEFT_OUT}")
