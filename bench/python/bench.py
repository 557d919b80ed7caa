"""Benchmarks of locksmith_sdk against its anchor, aws-secretsmanager-caching 1.2.0 (the official
AWS caching client), both with boto3 against locksmith-fake on loopback, in one run.

- warm: ns per call (median of 7 rounds) of `handle.get()`, `client.get(name)`, the floor
  `dict.get` and the anchor's warm `SecretCache.get_secret_string`.
- cold: requests the fake logged (and wall time, median of 5) to load 100 secrets: our
  `preload()` against the anchor's 100 `get_secret_string` calls.
- refresh: p99 of get() latency (samples of 64 calls each, ns per call) while 100 secrets with a
  1 s TTL refresh in the background, against the p99 of the same loop with no refresh due.

Prints one JSON object. Run through bench/python/run.mjs, which also records the results.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import statistics
import sys
import threading
import time
import timeit
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "packages/sdk-python/src"), str(ROOT / "packages/sdk-python/tests")]

import boto3  # noqa: E402
import botocore.session  # noqa: E402
from aws_secretsmanager_caching import SecretCache, SecretCacheConfig  # noqa: E402
from fakes import Fake, running_fake  # noqa: E402

from locksmith_sdk import create_client  # noqa: E402

QUICK = "--quick" in sys.argv
ROUNDS = 3 if QUICK else 7


def per_call_ns(statement: str, names: dict[str, Any], number: int) -> float:
    rounds = timeit.repeat(statement, globals=names, number=number, repeat=ROUNDS)
    return statistics.median(rounds) / number * 1e9


def _descriptor(prefix: str, names: list[str], ttl_ms: float) -> dict[str, Any]:
    return {
        "project": "bench",
        "service": "bench",
        "catalogHash": "",
        "environments": {"bench": {"source": "store", "production": False}},
        "providers": {"aws": {"region": "us-east-1", "accountId": "123456789012"}},
        "secrets": {
            n: {
                "name": n,
                "kind": "string",
                "schema": {"type": "string"},
                "fields": [{"name": None, "env": n.upper(), "type": "string", "required": True}],
                "rotation": {"strategy": "manual"},
                "cacheTtlMs": ttl_ms,
                "placements": {"bench": {"provider": "aws", "path": f"{prefix}/{n}"}},
            }
            for n in names
        },
    }


def _seed(fake: Fake, prefix: str, names: list[str]) -> None:
    sm = boto3.session.Session().client("secretsmanager", endpoint_url=fake.aws_endpoint, region_name=fake.region)
    for name in names:
        sm.create_secret(Name=f"{prefix}/{name}", SecretString=f"value-of-{name}-" + "x" * 64)


def _anchor_cache(fake: Fake) -> Any:
    client = botocore.session.get_session().create_client(
        "secretsmanager", region_name=fake.region, endpoint_url=fake.aws_endpoint
    )
    return SecretCache(config=SecretCacheConfig(), client=client)


def _client(fake: Fake, prefix: str, names: list[str], ttl_ms: float) -> Any:
    return create_client(
        _descriptor(prefix, names, ttl_ms), environment="bench", env={}, aws_endpoint_url=fake.aws_endpoint
    )


def warm(fake: Fake) -> dict[str, float]:
    prefix = f"w{secrets.token_hex(4)}"
    _seed(fake, prefix, ["token"])
    anchor = _anchor_cache(fake)
    anchor.get_secret_string(f"{prefix}/token")
    floor = {"token": "value"}
    with _client(fake, prefix, ["token"], 3_600_000) as client:
        handle = client.secret("token")
        handle.get()
        names = {"h": handle, "c": client, "d": floor, "a": anchor, "name": f"{prefix}/token"}
        return {
            "dict.get": per_call_ns("d.get('token')", names, 1_000_000),
            "handle.get()": per_call_ns("h.get()", names, 1_000_000),
            "client.get(name)": per_call_ns("c.get('token')", names, 1_000_000),
            "anchor get_secret_string (warm)": per_call_ns("a.get_secret_string(name)", names, 3_000),
        }


def cold(fake: Fake) -> dict[str, float]:
    names = [f"s{i:03d}" for i in range(100)]
    ours_requests: list[int] = []
    ours_ms: list[float] = []
    anchor_requests: list[int] = []
    anchor_ms: list[float] = []
    for _ in range(3 if QUICK else 5):
        prefix = f"c{secrets.token_hex(4)}"
        _seed(fake, prefix, names)
        client = _client(fake, prefix, names, 3_600_000)
        client.secret(names[0])  # build nothing yet: the boto3 client is made on the first fetch
        fake.clear_requests()
        started = time.perf_counter()
        client.preload()
        ours_ms.append((time.perf_counter() - started) * 1000)
        ours_requests.append(len(fake.requests("aws")))
        client.close()
        anchor = _anchor_cache(fake)
        fake.clear_requests()
        started = time.perf_counter()
        for name in names:
            anchor.get_secret_string(f"{prefix}/{name}")
        anchor_ms.append((time.perf_counter() - started) * 1000)
        anchor_requests.append(len(fake.requests("aws")))
    return {
        "ours requests": statistics.median(ours_requests),
        "ours ms": statistics.median(ours_ms),
        "anchor requests": statistics.median(anchor_requests),
        "anchor ms": statistics.median(anchor_ms),
    }


def _p99_ns(handles: list[Any], seconds: float, batch: int = 64) -> tuple[float, int]:
    samples: list[float] = []
    end = time.perf_counter() + seconds
    count = len(handles)
    i = 0
    clock = time.perf_counter_ns
    while time.perf_counter() < end:
        for _ in range(200):
            h = handles[i % count]
            i += 1
            t0 = clock()
            for _ in range(batch):
                h.get()
            samples.append((clock() - t0) / batch)
    samples.sort()
    return samples[int(len(samples) * 0.99)], len(samples)


def refresh(fake: Fake) -> dict[str, float]:
    names = [f"r{i:03d}" for i in range(100)]
    prefix = f"r{secrets.token_hex(4)}"
    _seed(fake, prefix, names)
    seconds = 2.0 if QUICK else 5.0
    with _client(fake, prefix, names, 3_600_000) as quiet:
        quiet.preload()
        handles = [quiet.secret(n) for n in names]
        warm_p99, warm_samples = _p99_ns(handles, seconds)
    with _client(fake, prefix, names, 1_000) as busy:
        busy.preload()
        handles = [busy.secret(n) for n in names]
        fake.clear_requests()
        _p99_ns(handles, 1.0)  # let the jittered refreshes spread out
        fake.clear_requests()
        busy_p99, busy_samples = _p99_ns(handles, seconds)
        refreshes = len(fake.requests("aws"))
        stale = sum(1 for s in busy.health().secrets if s.state != "fresh")
    return {
        "warm p99 ns": warm_p99,
        "refresh p99 ns": busy_p99,
        "samples": min(warm_samples, busy_samples),
        "store requests during run": refreshes,
        "seconds": seconds,
        "not fresh at end": stale,
    }


def main() -> None:
    with running_fake() as fake:
        os.environ.update(
            {
                "AWS_ACCESS_KEY_ID": fake.env["AWS_ACCESS_KEY_ID"],
                "AWS_SECRET_ACCESS_KEY": fake.env["AWS_SECRET_ACCESS_KEY"],
                "AWS_REGION": fake.region,
            }
        )
        results = {
            "python": platform.python_version(),
            "boto3": boto3.__version__,
            "anchor": "aws-secretsmanager-caching 1.2.0",
            "quick": QUICK,
            "warm": warm(fake),
            "cold": cold(fake),
            "refresh": refresh(fake),
        }
    print(json.dumps(results))


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
