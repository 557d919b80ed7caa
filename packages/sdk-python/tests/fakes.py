"""`locksmith-fake` started out of process, and its admin API (see packages/testkit/contract/README.md)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
FAKE_BIN = REPO / "packages" / "testkit" / "bin" / "locksmith-fake.js"


def fake_command(*extra: str) -> list[str]:
    """`LOCKSMITH_FAKE_COMMAND` runs another build of the fake; by default the repository's own.
    `extra` adds arguments, e.g. `--catalog FILE --env ENV` to seed it from a catalog."""
    override = os.environ.get("LOCKSMITH_FAKE_COMMAND")
    if override:
        return [*shlex.split(override), *extra]
    return ["node", str(FAKE_BIN), "--aws-port", "0", "--vault-port", "0", "--admin-port", "0", "--json", *extra]


class Fake:
    """A running locksmith-fake: endpoints, credentials and the admin API."""

    def __init__(self, info: dict[str, Any]) -> None:
        self.info = info
        self.aws_endpoint: str = info["aws"]["endpoint"]
        self.region: str = info["aws"]["region"]
        self.vault_endpoint: str = info["vault"]["endpoint"]
        self.vault_token: str = info["vault"]["token"]
        self.env: dict[str, str] = dict(info["env"])
        self._admin: str = info["admin"]["endpoint"]
        self._admin_token: str = info["admin"]["token"]

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self._admin}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self._admin_token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def fault(self, target: str, error: str, secret_id: str | None = None, times: int | None = 1, **more: Any) -> str:
        body: dict[str, Any] = {"target": target, "error": error, "times": times, **more}
        if secret_id is not None:
            body["secretId"] = secret_id
        answer: dict[str, str] = self.admin("POST", "/faults", body)
        return answer["id"]

    def clear_faults(self) -> None:
        self.admin("DELETE", "/faults")

    def requests(self, target: str) -> list[dict[str, Any]]:
        answer = self.admin("GET", f"/requests?target={target}")
        entries: list[dict[str, Any]] = answer["requests"] if isinstance(answer, dict) else answer
        return entries

    def clear_requests(self) -> None:
        self.admin("DELETE", "/requests")

    def wait_for_request(self, target: str, needle: str, timeout_s: float = 5.0) -> None:
        """Returns once the fake logged a request naming `needle` (it holds a hung one by then)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if any(needle in json.dumps(entry) for entry in self.requests(target)):
                return
            time.sleep(0.01)  # polling the admin API: the fake has no push channel
        raise AssertionError(f"the fake never logged a request for {needle}")


@contextmanager
def running_fake(*extra: str) -> Iterator[Fake]:
    command = fake_command(*extra)
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"locksmith-fake did not start: {' '.join(command)}")
        yield Fake(json.loads(line))
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
