"""The one-shot loaders generated modules expose as `load()` and `load_from_dir()`.

They read every field of every secret a service reads from environment variables or a mounted
directory, check each against the catalog schema (the same validator the store mode uses), and
either return everything or raise one LoadError listing every problem — never a value.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .decode.decode import FORBIDDEN_KEYS, coerce
from .decode.materialize import freeze
from .decode.validate import field_problems
from .descriptor import FieldDescriptor, SecretDescriptor, ServiceDescriptor
from .errors import LoadError, Problem, SecretsError

__all__ = ["Problem", "load_dir", "load_env", "read_all", "read_file"]

T = TypeVar("T")

#: (secret name, env var) → text, None when absent; raises OSError/UnicodeDecodeError when unreadable.
Lookup = Callable[[str, str], "str | None"]

#: Rules in the order a field's problems are listed.
_RULE_ORDER = ("read", "required", "type", "enum", "minLength", "maxLength", "pattern", "format", "minimum", "maximum")


def load_env(
    descriptor: ServiceDescriptor, env: Mapping[str, str] | None, build: Callable[[Mapping[str, Any]], T]
) -> T:
    """Reads each field from the env var the catalog names, in `env` (default os.environ)."""
    source: Mapping[str, str] = os.environ if env is None else env
    return read_all(descriptor, lambda _secret, env_var: source.get(env_var), build)


def load_dir(descriptor: ServiceDescriptor, root: str | os.PathLike[str], build: Callable[[Mapping[str, Any]], T]) -> T:
    """Reads mounted secrets: the file <root>/<secret name>/<ENV_VAR_NAME> holds one field.

    Files are read as bytes and decoded as UTF-8; one trailing newline (LF or CRLF) is removed.
    """
    base = Path(root)
    return read_all(descriptor, lambda secret, env_var: read_file(base / secret / env_var), build)


def read_all(descriptor: ServiceDescriptor, lookup: Lookup, build: Callable[[Mapping[str, Any]], T]) -> T:
    """Reads and checks every secret; `build` gets secret name → frozen value when all pass."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for secret in descriptor.secrets.values():
        value, found = _read_secret(secret, lookup)
        problems.extend(found)
        values[secret.name] = freeze(value)
    if problems:
        raise LoadError(descriptor.service, problems)
    return build(values)


def read_file(path: Path) -> str | None:
    """A mounted field: None when the file is missing; one trailing newline removed."""
    try:
        # Bytes, not text mode: text mode would turn every \r\n inside the value into \n.
        text = path.read_bytes().decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith("\n") else text


def _read_secret(secret: SecretDescriptor, lookup: Lookup) -> tuple[Any, list[Problem]]:
    problems: list[tuple[int, int, Problem]] = []
    fields: dict[str, Any] = {}
    positions = {field.key: index for index, field in enumerate(secret.fields)}

    def fail(field: FieldDescriptor, rule: str, reason: str) -> None:
        order = _RULE_ORDER.index(rule) if rule in _RULE_ORDER else len(_RULE_ORDER)
        problems.append((positions.get(field.key, 0), order, Problem(secret.name, field.name, field.env, rule, reason)))

    for field in secret.fields:
        try:
            text = lookup(secret.name, field.env)
        except (OSError, UnicodeDecodeError):
            # Neither message is kept: a decode error quotes the bytes it could not read.
            fail(field, "read", "cannot be read")
            continue
        if text is None:
            if field.default is not None:
                fields[field.key] = field.default
            elif field.required:
                fail(field, "required", "is not set")
            continue
        try:
            fields[field.key] = coerce(secret.name, field, text, "")
        except SecretsError:
            fail(field, "type", _TYPE_REASONS[field.type])
    value: Any = fields.get("") if secret.kind == "string" else fields
    broken = {p.field for _, _, p in problems}
    if value is not None and not any(key in FORBIDDEN_KEYS for key in fields):
        for pointer, rule in field_problems(secret, value):
            target = _field_at(secret, pointer)
            if target is None or target.name in broken or rule == "required":
                continue
            fail(target, rule, _reason(secret, target, rule))
    problems.sort(key=lambda item: (item[0], item[1]))
    return value, [p for _, _, p in problems]


_TYPE_REASONS = {
    "integer": "is not an integer",
    "number": "is not a number",
    "boolean": "is not a boolean (true, false, 1 or 0)",
    "string": "is not a string",
}


def _field_at(secret: SecretDescriptor, pointer: str) -> FieldDescriptor | None:
    if secret.kind == "string":
        return secret.fields[0] if secret.fields else None
    name = pointer.lstrip("/").split("/", 1)[0].replace("~1", "/").replace("~0", "~")
    return next((f for f in secret.fields if f.name == name), None)


def _reason(secret: SecretDescriptor, field: FieldDescriptor, rule: str) -> str:
    schema: Mapping[str, Any] = secret.schema
    if secret.kind == "object":
        properties = schema.get("properties") or {}
        schema = properties.get(field.name or "", {})
    limit = schema.get(rule)
    if rule == "minLength":
        return f"is shorter than {limit} characters"
    if rule == "maxLength":
        return f"is longer than {limit} characters"
    if rule == "pattern":
        return "does not match the catalog pattern"
    if rule == "format":
        return f"is not a valid {schema.get('format')}"
    if rule == "minimum":
        return f"is below {limit:g}" if isinstance(limit, (int, float)) else "is too small"
    if rule == "maximum":
        return f"is above {limit:g}" if isinstance(limit, (int, float)) else "is too large"
    if rule == "enum":
        return "is not one of the allowed values"
    if rule == "type":
        return _TYPE_REASONS[field.type]
    return f"breaks the {rule} rule"
