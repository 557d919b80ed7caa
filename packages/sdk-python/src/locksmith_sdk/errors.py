"""The one error type of the runtime, with a stable code per cause.

Messages are built only from descriptor names, codes and rules, so an error can be logged as is;
there is deliberately no attribute that could hold a value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Literal, get_args

ErrorCode = Literal[
    "NOT_FOUND",
    "UNSAFE_PATH",
    "ACCESS_DENIED",
    "DECRYPTION_FAILED",
    "MARKED_FOR_DELETION",
    "INVALID_REQUEST",
    "THROTTLED",
    "UNAVAILABLE",
    "TIMEOUT",
    "NETWORK",
    "MALFORMED_RESPONSE",
    "AUTH_FAILED",
    "VALIDATION_FAILED",
    "NOT_LOADED",
    "CIRCUIT_OPEN",
    "ABORTED",
    "CLOSED",
    "CONFIGURATION",
]

#: Every stable code, in the order the runtime guide lists them.
ERROR_CODES: tuple[ErrorCode, ...] = get_args(ErrorCode)

#: The codes a retry can cure; everything else is a fact another attempt will not change.
RETRYABLE: frozenset[ErrorCode] = frozenset({"THROTTLED", "UNAVAILABLE", "TIMEOUT", "NETWORK", "MALFORMED_RESPONSE"})


@dataclasses.dataclass(frozen=True)
class Problem:
    """One reason a field was rejected by load()/load_from_dir(). It names the field and the rule,
    never the value."""

    secret: str
    field: str | None
    env_var: str
    rule: str
    reason: str

    def __str__(self) -> str:
        where = f'secret "{self.secret}"'
        if self.field is not None:
            where += f' field "{self.field}"'
        return f"{where} ({self.env_var}) {self.reason} (rule: {self.rule})"


class SecretsError(Exception):
    """Every runtime failure. `code` is stable for programs; the message names secret, field and rule.

    `cause` may only be another SecretsError: third-party exceptions can carry request bodies,
    tokens or values, so providers translate them and raise the translation outside the `except`
    block, leaving neither `__cause__` nor `__context__` pointing at the original.
    """

    code: ErrorCode
    retryable: bool
    secret: str | None
    field: str | None
    rule: str | None
    provider: str | None
    #: Every problem of a load()/load_from_dir() (a LoadError); empty for other failures.
    problems: tuple[Problem, ...] = ()

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        secret: str | None = None,
        field: str | None = None,
        rule: str | None = None,
        provider: str | None = None,
        cause: SecretsError | None = None,
        retryable: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retryable = code in RETRYABLE if retryable is None else retryable
        self.secret = secret
        self.field = field
        self.rule = rule
        self.provider = provider
        if cause is not None:
            self.__cause__ = cause

    def for_secret(self, secret: str) -> SecretsError:
        """The same failure for another secret (a batch-level failure fans out to every request)."""
        if self.secret == secret:
            return self
        return SecretsError(
            self.code,
            f'{self.message} (secret "{secret}")',
            secret=secret,
            field=self.field,
            rule=self.rule,
            provider=self.provider,
            retryable=self.retryable,
        )

    def to_dict(self) -> dict[str, Any]:
        """The safe fields, for structured logs and JSON answers."""
        return {
            "name": type(self).__name__,
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
            "secret": self.secret,
            "field": self.field,
            "rule": self.rule,
            "provider": self.provider,
        }

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code}: {self.message})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling (multiprocessing, caches) must rebuild the same safe object, not call
        # __init__ with the message as its code.
        return (_rebuild, (type(self), self.to_dict()))


def _rebuild(kind: type[SecretsError], state: dict[str, Any]) -> SecretsError:
    error = kind.__new__(kind)
    Exception.__init__(error, state["message"])
    for key in ("code", "message", "retryable", "secret", "field", "rule", "provider"):
        setattr(error, key, state[key])
    if isinstance(error, AggregateSecretsError):
        error.failures = tuple(state.get("failures", ()))
    if isinstance(error, LoadError):
        error.service = state.get("service", "")
        error.problems = tuple(state.get("problems", ()))
    return error


class AggregateSecretsError(SecretsError):
    """Several failures (preload) as one error; `failures` keeps each one.

    Its code is the first failure's code; it is retryable only if every failure is.
    """

    failures: tuple[SecretsError, ...]

    def __init__(self, failures: Sequence[SecretsError]) -> None:
        listed = ", ".join(f"{f.secret or '?'}: {f.code}{f' ({f.rule})' if f.rule else ''}" for f in failures)
        first = failures[0] if failures else None
        super().__init__(
            first.code if first else "CONFIGURATION",
            f"{len(failures)} secret(s) failed to load: {listed}",
            cause=first,
            retryable=bool(failures) and all(f.retryable for f in failures),
        )
        self.failures = tuple(failures)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "failures": [f.to_dict() for f in self.failures]}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), {**super().to_dict(), "failures": self.failures}))


class LoadError(SecretsError):
    """What `load()`/`load_from_dir()` of a generated module raise: every problem of one read.

    The code is NOT_FOUND when every problem is a missing field, else VALIDATION_FAILED.
    """

    service: str

    def __init__(self, service: str, problems: Sequence[Problem]) -> None:
        listed = "; ".join(str(problem) for problem in problems)
        rules = [p.rule for p in problems]
        code: ErrorCode = "NOT_FOUND" if rules and all(r == "required" for r in rules) else "VALIDATION_FAILED"
        first = problems[0] if problems else None
        super().__init__(
            code,
            f"{service}: {len(problems)} secret problem(s): {listed}",
            secret=first.secret if first else None,
            rule=rules[0] if rules else None,
        )
        self.service = service
        self.problems = tuple(problems)

    def __reduce__(self) -> tuple[Any, ...]:
        state = {**super().to_dict(), "service": self.service, "problems": self.problems}
        return (_rebuild, (type(self), state))


def closed_error(secret: str | None = None) -> SecretsError:
    """The error of any call on a closed client."""
    where = f' (secret "{secret}")' if secret else ""
    return SecretsError("CLOSED", f"client is closed{where}", secret=secret)
