"""AWS failures → stable codes. Only exception names and HTTP statuses are read; the AWS message is
looked at solely to tell "marked for deletion" apart and is never copied into ours."""

from __future__ import annotations

import re
from typing import Any

from ..errors import ErrorCode, SecretsError

BY_EXCEPTION: dict[str, ErrorCode] = {
    "ResourceNotFoundException": "NOT_FOUND",
    "AccessDeniedException": "ACCESS_DENIED",
    "UnrecognizedClientException": "ACCESS_DENIED",
    "InvalidSignatureException": "ACCESS_DENIED",
    "ExpiredTokenException": "AUTH_FAILED",
    "DecryptionFailure": "DECRYPTION_FAILED",
    "InvalidParameterException": "INVALID_REQUEST",
    "InvalidNextTokenException": "INVALID_REQUEST",
    "ValidationException": "INVALID_REQUEST",
    "ThrottlingException": "THROTTLED",
    "TooManyRequestsException": "THROTTLED",
    "RequestLimitExceeded": "THROTTLED",
    "InternalServiceError": "UNAVAILABLE",
    "InternalFailure": "UNAVAILABLE",
    "ServiceUnavailable": "UNAVAILABLE",
}

#: botocore exception class names (transport and client-side failures) → code.
BY_BOTOCORE_CLASS: dict[str, ErrorCode] = {
    "NoCredentialsError": "AUTH_FAILED",
    "PartialCredentialsError": "AUTH_FAILED",
    "CredentialRetrievalError": "AUTH_FAILED",
    "NoRegionError": "CONFIGURATION",
    "ReadTimeoutError": "TIMEOUT",
    "ConnectTimeoutError": "TIMEOUT",
    "EndpointConnectionError": "NETWORK",
    "ConnectionClosedError": "NETWORK",
    "ProxyConnectionError": "NETWORK",
    "SSLError": "NETWORK",
    "HTTPClientError": "NETWORK",
    "ResponseParserError": "MALFORMED_RESPONSE",
    "IncompleteReadError": "MALFORMED_RESPONSE",
    "ParamValidationError": "INVALID_REQUEST",
}

_MARKED = re.compile("marked for deletion", re.IGNORECASE)


def aws_error_code(name: str, message: str, status: int | None) -> ErrorCode:
    """Maps an AWS error code (exception name or batch ErrorCode) and status to a stable code."""
    if name == "InvalidRequestException":
        return "MARKED_FOR_DELETION" if _MARKED.search(message) else "INVALID_REQUEST"
    known = BY_EXCEPTION.get(name)
    if known is not None:
        return known
    if status is not None and status >= 500:
        return "UNAVAILABLE"
    if status == 429:
        return "THROTTLED"
    if status is not None and status >= 400:
        return "INVALID_REQUEST"
    return "MALFORMED_RESPONSE"


def from_aws_error(error: BaseException, secret: str | None) -> SecretsError:
    """Anything boto3 raises → a SecretsError. The original is not kept: it can hold bodies."""
    if isinstance(error, SecretsError):
        return error.for_secret(secret) if secret else error
    response: Any = getattr(error, "response", None)
    what = f'secret "{secret}"' if secret else "request"
    if isinstance(response, dict) and "Error" in response:
        details = response.get("Error") or {}
        name = str(details.get("Code") or "Unknown")
        status_raw = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
        status = status_raw if isinstance(status_raw, int) else None
        code = aws_error_code(name, str(details.get("Message") or ""), status)
        suffix = f" (HTTP {status})" if status else ""
        return SecretsError(code, f"aws: {what} failed: {name}{suffix}", secret=secret, provider="aws")
    label = _botocore_label(error)
    fallback: ErrorCode = "NETWORK" if isinstance(error, OSError) else "MALFORMED_RESPONSE"
    code = BY_BOTOCORE_CLASS.get(label, fallback)
    return SecretsError(code, f"aws: {what} failed: {label}", secret=secret, provider="aws")


def _botocore_label(error: BaseException) -> str:
    """The most specific known class name in the exception's hierarchy."""
    for cls in type(error).__mro__:
        if cls.__name__ in BY_BOTOCORE_CLASS:
            return cls.__name__
    return type(error).__name__
