"""Turns a raw store value into the secret's plain value, before schema validation.

- string secret: the text as is, or the "" field; object secret: JSON text, or one field per key.
- Binary values are refused (rule `type`): the catalog has no binary secrets.
- Scalar fields given as strings (env vars, files, the Vault UI) become their declared type;
  missing fields get their catalog default.
- Keys `__proto__`, `constructor` and `prototype` are refused at any depth (rule `forbidden-key`,
  field: the key's JSON pointer), as every Locksmith runtime does, so a value that would pollute a
  JavaScript reader is rejected everywhere.

Errors never include the text: `json` error messages quote the input, so they are dropped.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..descriptor import FieldDescriptor, SecretDescriptor
from ..errors import SecretsError
from ..types import BinaryValue, RawValue, TextValue

FORBIDDEN_KEYS = frozenset({"__proto__", "constructor", "prototype"})
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_NUMBER = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?", re.ASCII)


def escape_pointer(segment: str) -> str:
    """RFC 6901 escaping of one JSON pointer segment."""
    return segment.replace("~", "~0").replace("/", "~1")


def invalid(secret: str, pointer: str, rule: str, what: str) -> SecretsError:
    """VALIDATION_FAILED naming the secret, the field's pointer and the rule — never the value."""
    where = "" if pointer in ("", "/") else f" at {pointer}"
    return SecretsError(
        "VALIDATION_FAILED",
        f'secret "{secret}"{where} {what} (rule: {rule})',
        secret=secret,
        field=pointer or "/",
        rule=rule,
    )


def forbidden_key(root: Any) -> str | None:
    """JSON pointer of the first forbidden key anywhere in `root` (iterative: any depth), else None."""
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        node, pointer = stack.pop()
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in children:
            at = f"{pointer}/{escape_pointer(str(key))}"
            if isinstance(node, dict) and key in FORBIDDEN_KEYS:
                return at
            if isinstance(child, (dict, list)):
                stack.append((child, at))
    return None


def decode_value(secret: SecretDescriptor, raw: RawValue) -> Any:
    """Raw value → str (string secret) or dict (object secret), with field types applied."""
    name = secret.name
    if isinstance(raw, BinaryValue):
        raise invalid(name, "", "type", "is binary where text was expected")
    if secret.kind == "string":
        text = raw.text if isinstance(raw, TextValue) else raw.fields.get("")
        if text is None:
            raise invalid(name, "", "required", "has no value")
        field = secret.fields[0] if secret.fields else None
        if field is not None and field.type != "string":
            return coerce(name, field, text, "")
        return text
    if isinstance(raw, TextValue):
        problem: SecretsError | None = None
        try:
            value = json.loads(raw.text)
        except ValueError:
            problem = invalid(name, "", "json", "is not valid JSON")
        except RecursionError:
            problem = invalid(name, "", "json", "is nested too deeply")
        if problem is not None:
            raise problem
    else:
        value = dict(raw.fields)
    if not isinstance(value, dict):
        raise invalid(name, "", "type", "is not a JSON object")
    forbidden = forbidden_key(value)
    if forbidden is not None:
        raise invalid(name, forbidden, "forbidden-key", "is a forbidden key (__proto__, constructor, prototype)")
    return with_field_types(name, secret.fields, value)


def with_field_types(secret: str, fields: tuple[FieldDescriptor, ...], value: dict[str, Any]) -> dict[str, Any]:
    """Applies defaults and converts string scalars to their declared types."""
    for field in fields:
        key = field.key
        current = value.get(key)
        if current is None and key not in value:
            if field.default is not None:
                value[key] = field.default
        elif isinstance(current, str) and field.type != "string":
            value[key] = coerce(secret, field, current, f"/{escape_pointer(key)}")
    return value


def coerce(secret: str, field: FieldDescriptor, text: str, pointer: str) -> str | int | float | bool:
    """A scalar written as text → its declared type; `type` failure otherwise."""
    stripped = text.strip()
    if field.type == "integer" and _INTEGER.fullmatch(stripped):
        return int(stripped)
    if field.type == "number" and _NUMBER.fullmatch(stripped):
        number = float(stripped)
        if math.isfinite(number):
            return number
    if field.type == "boolean" and text in ("true", "1", "false", "0"):
        return text in ("true", "1")
    if field.type == "string":
        return text
    raise invalid(secret, pointer, "type", f"is not a valid {field.type}")
