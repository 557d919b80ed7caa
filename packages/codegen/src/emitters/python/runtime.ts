/**
 * The fixed part of every generated Python module: the aggregated error, the two sources and the
 * checks. Copied into each module so it needs nothing but the standard library, and written to
 * pass `mypy --strict`.
 */

/** The import block every module starts with; the runtime below uses each of them. */
export const PY_IMPORTS = `from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
import re
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path`;

/** Problem, SecretsError, the field reader and the file reader, shared by every generated module. */
export const PY_RUNTIME = `@dataclasses.dataclass(frozen=True)
class Problem:
    """One reason a field was rejected. It names the field and the rule, never the value."""

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
    """Every problem one load found, so one start-up shows everything to fix. Holds no value."""

    def __init__(self, service: str, problems: list[Problem]) -> None:
        self.service = service
        self.problems: tuple[Problem, ...] = tuple(problems)
        listed = "; ".join(str(problem) for problem in problems)
        super().__init__(f"{service}: {len(problems)} secret problem(s): {listed}")


@dataclasses.dataclass(frozen=True)
class _Spec:
    secret: str
    field: str | None
    env: str
    required: bool = False
    default: str | None = None
    min_length: int = 0
    max_length: int | None = None
    pattern: re.Pattern[str] | None = None
    format: str | None = None
    minimum: float | None = None
    maximum: float | None = None


_Lookup = Callable[[str, str], str | None]
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_NUMBER = re.compile(r"[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?", re.ASCII)
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"{_LABEL}(\\.{_LABEL})*", re.ASCII)
_EMAIL = re.compile(r"[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+")
_UUID = re.compile(r"[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}", re.ASCII)


def _valid_format(kind: str, value: str) -> bool:
    if kind == "uri":
        try:
            return urllib.parse.urlsplit(value).scheme != ""
        except ValueError:
            return False
    if kind == "hostname":
        return len(value) <= 253 and _HOSTNAME.fullmatch(value) is not None
    if kind == "email":
        return _EMAIL.fullmatch(value) is not None
    if kind == "uuid":
        return _UUID.fullmatch(value) is not None
    if kind in ("ipv4", "ipv6"):
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return address.version == (4 if kind == "ipv4" else 6)
    return False


class _Reader:
    def __init__(self, lookup: _Lookup) -> None:
        self._lookup = lookup
        self.problems: list[Problem] = []

    def _fail(self, spec: _Spec, rule: str, reason: str) -> None:
        self.problems.append(Problem(spec.secret, spec.field, spec.env, rule, reason))

    def _text(self, spec: _Spec) -> str | None:
        try:
            value = self._lookup(spec.secret, spec.env)
        except (OSError, UnicodeDecodeError):
            # Neither message is kept: a decode error quotes the bytes it could not read.
            self._fail(spec, "read", "cannot be read")
            return None
        if value is None and spec.default is not None:
            return spec.default
        if value is None and spec.required:
            self._fail(spec, "required", "is not set")
        return value

    def string(self, spec: _Spec) -> str:
        value = self._text(spec)
        if value is None:
            return ""
        if len(value) < spec.min_length:
            self._fail(spec, "minLength", f"is shorter than {spec.min_length} characters")
        if spec.max_length is not None and len(value) > spec.max_length:
            self._fail(spec, "maxLength", f"is longer than {spec.max_length} characters")
        if spec.pattern is not None and spec.pattern.search(value) is None:
            self._fail(spec, "pattern", "does not match the catalog pattern")
        if spec.format is not None and not _valid_format(spec.format, value):
            self._fail(spec, "format", f"is not a valid {spec.format}")
        return value

    def integer(self, spec: _Spec) -> int:
        value = self._text(spec)
        if value is None:
            return 0
        if _INTEGER.fullmatch(value.strip()) is None:
            self._fail(spec, "type", "is not an integer")
            return 0
        number = int(value.strip())
        self._bounds(spec, number)
        return number

    def number(self, spec: _Spec) -> float:
        value = self._text(spec)
        if value is None:
            return 0.0
        number = float(value.strip()) if _NUMBER.fullmatch(value.strip()) else math.nan
        if not math.isfinite(number):
            self._fail(spec, "type", "is not a number")
            return 0.0
        self._bounds(spec, number)
        return number

    def boolean(self, spec: _Spec) -> bool:
        value = self._text(spec)
        if value in ("true", "1"):
            return True
        if value is not None and value not in ("false", "0"):
            self._fail(spec, "type", "is not a boolean (true, false, 1 or 0)")
        return False

    def _bounds(self, spec: _Spec, number: float) -> None:
        if spec.minimum is not None and number < spec.minimum:
            self._fail(spec, "minimum", f"is below {spec.minimum:g}")
        if spec.maximum is not None and number > spec.maximum:
            self._fail(spec, "maximum", f"is above {spec.maximum:g}")


def _read_file(path: Path) -> str | None:
    try:
        # Bytes, not text mode: text mode would turn every \\r\\n inside the value into \\n.
        text = path.read_bytes().decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    if text.endswith("\\r\\n"):
        return text[:-2]
    return text[:-1] if text.endswith("\\n") else text`;
