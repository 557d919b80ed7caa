"""Vault failures → stable codes. The original exception is dropped on purpose: hvac and requests
errors carry the URL, headers and body of the request, which may include a token."""

from __future__ import annotations

from ..errors import ErrorCode, SecretsError

#: hvac exception class → HTTP status it stands for.
HVAC_STATUS: dict[str, int] = {
    "InvalidRequest": 400,
    "Unauthorized": 401,
    "Forbidden": 403,
    "InvalidPath": 404,
    "UnsupportedOperation": 405,
    "PreconditionFailed": 412,
    "RateLimitExceeded": 429,
    "InternalServerError": 500,
    "BadGateway": 502,
    "VaultNotInitialized": 501,
    "VaultDown": 503,
}

#: requests / urllib3 transport failures → code (most specific class first in the MRO walk).
TRANSPORT: dict[str, ErrorCode] = {
    "ReadTimeout": "TIMEOUT",
    "ConnectTimeout": "TIMEOUT",
    "Timeout": "TIMEOUT",
    "ChunkedEncodingError": "MALFORMED_RESPONSE",
    "ContentDecodingError": "MALFORMED_RESPONSE",
    "JSONDecodeError": "MALFORMED_RESPONSE",
    "ConnectionError": "NETWORK",
    "SSLError": "NETWORK",
}


def code_for_status(status: int) -> ErrorCode:
    if status == 404:
        return "NOT_FOUND"
    if status in (401, 403):
        return "ACCESS_DENIED"
    # 429 rate limit (and a standby told to answer so); 503 sealed; 473 performance standby;
    # 412 a replica not caught up yet.
    if status == 429:
        return "THROTTLED"
    if status in (412, 473) or status >= 500:
        return "UNAVAILABLE"
    return "INVALID_REQUEST"


def vault_status(error: BaseException) -> int | None:
    """The HTTP status an hvac exception stands for, if it is one."""
    for cls in type(error).__mro__:
        status = HVAC_STATUS.get(cls.__name__)
        if status is not None and cls.__module__.startswith("hvac"):
            return status
    if type(error).__module__.startswith("hvac") and type(error).__name__ == "UnexpectedError":
        return 500
    return None


def from_vault_error(error: BaseException, secret: str | None) -> SecretsError:
    if isinstance(error, SecretsError):
        return error.for_secret(secret) if secret else error
    what = f'secret "{secret}"' if secret else "request"
    status = vault_status(error)
    if status is not None:
        return SecretsError(
            code_for_status(status), f"vault: {what} failed: HTTP {status}", secret=secret, provider="vault"
        )
    for cls in type(error).__mro__:
        code = TRANSPORT.get(cls.__name__)
        if code is not None:
            return SecretsError(code, f"vault: {what} failed: {cls.__name__}", secret=secret, provider="vault")
    code = "MALFORMED_RESPONSE" if isinstance(error, (ValueError, KeyError, TypeError)) else "NETWORK"
    return SecretsError(code, f"vault: {what} failed: {type(error).__name__}", secret=secret, provider="vault")
