"""Runs aws-scenarios.json through boto3, or vault-scenarios.json through hvac, against the
endpoint in CONFORMANCE_CONTEXT and prints one JSON array of normalised outcomes on stdout.
The driver (../run.mjs) compares them with the scenarios' expectations."""

from __future__ import annotations

import base64
import datetime
import json
import os
import re
import sys
from typing import Any, Callable

CONTEXT: dict[str, Any] = json.loads(os.environ.get("CONFORMANCE_CONTEXT", "{}"))
CAPTURED: dict[str, Any] = {}


def fill(value: Any) -> Any:
    """`{p}` becomes the run's prefix, `{cap:name}` a value captured earlier."""
    if isinstance(value, str):
        text = value.replace("{p}", CONTEXT["prefix"])
        return re.sub(r"\{cap:([a-zA-Z0-9-]+)\}", lambda m: str(CAPTURED.get(m.group(1), "")), text)
    if isinstance(value, list):
        return [fill(v) for v in value]
    if isinstance(value, dict):
        return {k: fill(v) for k, v in value.items()}
    return value


def plain(value: Any) -> Any:
    """JSON-safe output: dates as ISO text, bytes as base64, boto3's ResponseMetadata dropped."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    return value


def snake(op: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", op).lower()


def run_aws(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError

    client = boto3.client(
        "secretsmanager",
        endpoint_url=CONTEXT["endpoint"],
        region_name=CONTEXT["region"],
        aws_access_key_id=CONTEXT["accessKeyId"],
        aws_secret_access_key=CONTEXT["secretAccessKey"],
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )
    out: list[dict[str, Any]] = []
    for step in steps:
        params = fill(step["input"])
        if isinstance(params.get("SecretBinary"), str):
            params["SecretBinary"] = base64.b64decode(params["SecretBinary"])
        try:
            result = plain(getattr(client, snake(step["op"]))(**params))
            for name, field in step.get("capture", {}).items():
                CAPTURED[name] = result.get(field)
            out.append({"id": step["id"], "ok": result})
        except ClientError as error:
            out.append(
                {
                    "id": step["id"],
                    "error": {
                        "code": error.response["Error"]["Code"],
                        "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                    },
                }
            )
    return out


def run_vault(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import hvac
    from hvac import exceptions

    mount = CONTEXT.get("mount", "secret")
    tokens: dict[str, str | None] = {
        "root": CONTEXT["rootToken"],
        "limited": CONTEXT["limitedToken"],
        "login": None,
    }
    # hvac raises one exception class per status; the status is what the scenario compares.
    statuses: list[tuple[type[Exception], int]] = [
        (exceptions.InvalidRequest, 400),
        (exceptions.Unauthorized, 401),
        (exceptions.Forbidden, 403),
        (exceptions.InvalidPath, 404),
        (exceptions.UnsupportedOperation, 405),
        (exceptions.RateLimitExceeded, 429),
        (exceptions.InternalServerError, 500),
        (exceptions.VaultDown, 503),
    ]

    def client_for(name: str | None) -> hvac.Client:
        return hvac.Client(url=CONTEXT["endpoint"], token=tokens[name] if name else None)

    def login(auth: dict[str, Any]) -> dict[str, Any]:
        tokens["login"] = auth["client_token"]
        return {"policies": auth["policies"], "lease_duration": auth["lease_duration"], "renewable": auth["renewable"]}

    def kv(c: hvac.Client) -> Any:
        return c.secrets.kv.v2

    def get(c: hvac.Client, s: dict[str, Any]) -> dict[str, Any]:
        r = kv(c).read_secret_version(
            path=s["path"], version=s.get("version"), mount_point=mount, raise_on_deleted_version=True
        )
        return {"data": r["data"]["data"], "version": r["data"]["metadata"]["version"]}

    def metadata(c: hvac.Client, s: dict[str, Any]) -> dict[str, Any]:
        d = kv(c).read_secret_metadata(path=s["path"], mount_point=mount)["data"]
        versions = {
            n: {"deleted": v["deletion_time"] != "", "destroyed": v["destroyed"]} for n, v in d["versions"].items()
        }
        return {"current_version": d["current_version"], "oldest_version": d["oldest_version"], "versions": versions}

    def lookup(c: hvac.Client, s: dict[str, Any]) -> dict[str, Any]:
        d = c.auth.token.lookup_self()["data"]
        return {"policies": d["policies"], "ttl": str(d["ttl"]), "type": d["type"], "renewable": d["renewable"]}

    def renew(c: hvac.Client, s: dict[str, Any]) -> dict[str, Any]:
        a = c.auth.token.renew_self(increment=s["increment"])["auth"]
        return {"policies": a["policies"], "lease_duration": a["lease_duration"], "renewable": a["renewable"]}

    def health(c: hvac.Client, s: dict[str, Any]) -> dict[str, Any]:
        h = c.sys.read_health_status(method="GET")
        return {"initialized": h["initialized"], "sealed": h["sealed"], "standby": h["standby"]}

    ops: dict[str, Callable[[hvac.Client, dict[str, Any]], dict[str, Any]]] = {
        "kv.put": lambda c, s: {
            "version": kv(c).create_or_update_secret(path=s["path"], secret=s["data"], cas=s.get("cas"), mount_point=mount)[
                "data"
            ]["version"]
        },
        "kv.get": get,
        "kv.patch": lambda c, s: {
            "version": kv(c).patch(path=s["path"], secret=s["data"], mount_point=mount)["data"]["version"]
        },
        "kv.metadata": metadata,
        "kv.list": lambda c, s: {"keys": kv(c).list_secrets(path=s["path"], mount_point=mount)["data"]["keys"]},
        "kv.delete": lambda c, s: (kv(c).delete_latest_version_of_secret(path=s["path"], mount_point=mount), {})[1],
        "kv.undelete": lambda c, s: (
            kv(c).undelete_secret_versions(path=s["path"], versions=s["versions"], mount_point=mount),
            {},
        )[1],
        "kv.destroy": lambda c, s: (
            kv(c).destroy_secret_versions(path=s["path"], versions=s["versions"], mount_point=mount),
            {},
        )[1],
        "kv.metadata-delete": lambda c, s: (
            kv(c).delete_metadata_and_all_versions(path=s["path"], mount_point=mount),
            {},
        )[1],
        "token.lookup-self": lookup,
        "token.renew-self": renew,
        "token.revoke-self": lambda c, s: (c.auth.token.revoke_self(), {})[1],
        "approle.login": lambda c, s: login(
            c.auth.approle.login(
                role_id=CONTEXT["approle"]["roleId"],
                secret_id="wrong" if s.get("wrongSecret") else CONTEXT["approle"]["secretId"],
                use_token=False,
            )["auth"]
        ),
        "kubernetes.login": lambda c, s: login(
            c.auth.kubernetes.login(
                role=s.get("role", CONTEXT["kubernetes"]["role"]), jwt=CONTEXT["kubernetes"]["jwt"], use_token=False
            )["auth"]
        ),
        "health": health,
    }
    out: list[dict[str, Any]] = []
    for raw in steps:
        step = fill(raw)
        try:
            out.append({"id": step["id"], "ok": ops[step["op"]](client_for(step.get("as")), step)})
        except exceptions.VaultError as error:
            status = next((code for cls, code in statuses if isinstance(error, cls)), 0)
            out.append({"id": step["id"], "error": {"status": status, "message": "\n".join(error.errors or [])}})
    return out


def main() -> None:
    kind, scenario_file = sys.argv[1], sys.argv[2]
    with open(scenario_file, encoding="utf-8") as f:
        steps = json.load(f)["steps"]
    results = run_aws(steps) if kind == "aws" else run_vault(steps)
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
