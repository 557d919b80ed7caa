"""AWS Secrets Manager through boto3 (the `aws` extra).

Current values of several secrets come from BatchGetSecretValue (20 ids a call); one secret, or
another stage, from GetSecretValue. The boto3 client is built with retries off
(`total_max_attempts: 1`): the runtime owns retries, backoff and the breaker, so the SDK's own
loop would otherwise multiply them (3 × 3 = 9 requests a call).
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections.abc import Sequence
from typing import Any

from ..errors import SecretsError
from ..resilience.abort import CancelToken
from ..types import BinaryValue, FetchRequest, FetchResult, RawValue, RawVersion, TextValue, VersionStage
from .aws_errors import aws_error_code, from_aws_error
from .blocking import BlockingCalls

STAGES: dict[VersionStage, str] = {"current": "AWSCURRENT", "previous": "AWSPREVIOUS", "pending": "AWSPENDING"}
MAX_BATCH = 20


def _boto3() -> Any:
    try:
        import boto3
    except ImportError:
        raise SecretsError(
            "CONFIGURATION",
            "the aws provider needs boto3: pip install 'locksmith-sdk[aws]'",
        ) from None
    return boto3


@dataclasses.dataclass(frozen=True, repr=False)
class AwsCredentials:
    """Static credentials; its repr shows the access key id only."""

    access_key_id: str
    secret_access_key: str
    session_token: str | None = None

    def __repr__(self) -> str:
        return f"AwsCredentials(access_key_id={self.access_key_id!r})"


def build_client(
    *,
    region: str | None = None,
    endpoint_url: str | None = None,
    credentials: AwsCredentials | None = None,
    connect_timeout_s: float = 2.0,
    read_timeout_s: float = 5.0,
    max_pool_connections: int = 32,
) -> Any:
    """A boto3 Secrets Manager client with retries off and bounded socket timeouts.

    Region, endpoint and credentials default to boto3's own chain (`AWS_REGION`,
    `AWS_ENDPOINT_URL_SECRETS_MANAGER`, env vars, profile, instance role…).
    """
    boto3 = _boto3()
    from botocore.config import Config

    config = Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        connect_timeout=connect_timeout_s,
        read_timeout=read_timeout_s,
        max_pool_connections=max_pool_connections,
    )
    if credentials is None:
        session = boto3.session.Session()
    else:
        session = boto3.session.Session(
            aws_access_key_id=credentials.access_key_id,
            aws_secret_access_key=credentials.secret_access_key,
            aws_session_token=credentials.session_token,
        )
    kwargs: dict[str, Any] = {"config": config}
    if region:
        kwargs["region_name"] = region
    if endpoint_url:
        kwargs["endpoint_url"] = endpoint_url
    return session.client("secretsmanager", **kwargs)


class AwsProvider:
    """AWS Secrets Manager. Pass `client` to use a boto3 client you built (keep its retries off)."""

    name = "aws"
    max_batch_size = MAX_BATCH

    def __init__(
        self,
        *,
        region: str | None = None,
        endpoint_url: str | None = None,
        credentials: AwsCredentials | None = None,
        client: Any = None,
        connect_timeout_s: float = 2.0,
        read_timeout_s: float = 5.0,
    ) -> None:
        self._region = region
        self._settings = {
            "region": region,
            "endpoint_url": endpoint_url,
            "credentials": credentials,
            "connect_timeout_s": connect_timeout_s,
            "read_timeout_s": read_timeout_s,
        }
        self._client = client
        self._lock = threading.Lock()
        self._calls = BlockingCalls("aws")

    @property
    def client(self) -> Any:
        """The boto3 client, built on first use (building one takes tens of milliseconds)."""
        with self._lock:
            if self._client is None:
                self._client = build_client(**self._settings)  # type: ignore[arg-type]
            return self._client

    def fetch(self, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        if token.cancelled:
            return [FetchResult.failed(token.reason(r.secret.name)) for r in requests]
        current = [r for r in requests if r.stage == "current"]
        batched: dict[int, FetchResult] = {}
        if len(current) >= 2:
            try:
                answers = self._batch(current, token)
            except SecretsError as error:
                if error.code != "ACCESS_DENIED":
                    return [FetchResult.failed(error.for_secret(r.secret.name)) for r in requests]
                # A role that may GetSecretValue but not BatchGetSecretValue still works, one call a secret.
                answers = self._each(current, token)
            batched = {id(r): a for r, a in zip(current, answers, strict=True)}
        rest = [r for r in requests if id(r) not in batched]
        singles = dict(zip((id(r) for r in rest), self._each(rest, token), strict=True))
        return [batched.get(id(r)) or singles[id(r)] for r in requests]

    def _each(self, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        """One GetSecretValue a request, all in flight together."""
        if not requests:
            return []
        calls = [
            (lambda r=r: self.client.get_secret_value(SecretId=r.placement.path, VersionStage=STAGES[r.stage]))
            for r in requests
        ]
        outcomes = self._calls.run_all(calls, token, [r.secret.name for r in requests])
        return [
            FetchResult.failed(from_aws_error(o, r.secret.name))
            if isinstance(o, BaseException)
            else _to_result(o, r.secret.name)
            for r, o in zip(requests, outcomes, strict=True)
        ]

    def _batch(self, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        by_id: dict[str, FetchResult] = {}
        next_token: str | None = None
        ids = [r.placement.path for r in requests]
        while True:
            kwargs: dict[str, Any] = {"SecretIdList": ids}
            if next_token:
                kwargs["NextToken"] = next_token
            problem: SecretsError | None = None
            try:
                call = functools.partial(self._batch_call, kwargs)
                output = self._calls.run(call, token)
            except Exception as caught:  # noqa: BLE001
                problem = from_aws_error(caught, None)
            if problem is not None:
                raise problem
            for entry in output.get("SecretValues") or ():
                result = _to_result(entry, None)
                for key in (entry.get("Name"), entry.get("ARN")):
                    if key:
                        by_id[key] = result
            for failure in output.get("Errors") or ():
                secret_id = failure.get("SecretId")
                if not secret_id:
                    continue
                name = str(failure.get("ErrorCode") or "unknown")
                code = aws_error_code(name, str(failure.get("Message") or ""), None)
                by_id[secret_id] = FetchResult.failed(
                    SecretsError(code, f"aws: batch entry failed: {name}", provider="aws")
                )
            next_token = output.get("NextToken")
            if not next_token:
                break
        return [_with_secret(by_id.get(r.placement.path), r.secret.name) for r in requests]

    def _batch_call(self, kwargs: dict[str, Any]) -> Any:
        return self.client.batch_get_secret_value(**kwargs)

    def close(self) -> None:
        self._calls.close()
        with self._lock:
            client, self._client = self._client, None
        closer = getattr(client, "close", None)
        if callable(closer):
            closer()

    def __repr__(self) -> str:
        return f"AwsProvider(region={self._region!r})"


def _to_result(output: Any, secret: str | None) -> FetchResult:
    version_id = output.get("VersionId")
    if not version_id:
        return FetchResult.failed(
            SecretsError(
                "MALFORMED_RESPONSE", f"aws: {_what(secret)} answer has no VersionId", secret=secret, provider="aws"
            )
        )
    created = output.get("CreatedDate")
    created_ms = created.timestamp() * 1000.0 if hasattr(created, "timestamp") else None
    value: RawValue
    if isinstance(output.get("SecretString"), str):
        value = TextValue(output["SecretString"])
    elif isinstance(output.get("SecretBinary"), (bytes, bytearray)):
        value = BinaryValue(bytes(output["SecretBinary"]))
    else:
        return FetchResult.failed(
            SecretsError(
                "MALFORMED_RESPONSE",
                f"aws: {_what(secret)} answer has neither SecretString nor SecretBinary",
                secret=secret,
                provider="aws",
            )
        )
    return FetchResult.of(RawVersion(version_id=str(version_id), value=value, created_at_ms=created_ms))


def _what(secret: str | None) -> str:
    return f'secret "{secret}"' if secret else "batch entry"


def _with_secret(result: FetchResult | None, secret: str) -> FetchResult:
    if result is None:
        return FetchResult.failed(
            SecretsError(
                "MALFORMED_RESPONSE", f'aws: batch response omitted secret "{secret}"', secret=secret, provider="aws"
            )
        )
    if result.error is not None:
        return FetchResult.failed(result.error.for_secret(secret))
    return result
