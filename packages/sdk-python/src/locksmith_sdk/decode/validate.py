"""Validation of decoded values against the secret's JSON Schema (2020-12) with `jsonschema`.

One validator is compiled per distinct schema text and shared by every secret that has that
schema. Failures name the secret, each failing field as a JSON pointer and the keyword; the
library's own messages quote the data, so they are never used.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError, ValidationError

from ..descriptor import SecretDescriptor
from ..errors import SecretsError
from .decode import escape_pointer
from .formats import FORMATS

_FORMAT_CHECKER = FormatChecker(formats=())
for _name, _check in FORMATS.items():
    # Formats only apply to strings; anything else is the `type` keyword's business.
    _FORMAT_CHECKER.checkers[_name] = (
        (lambda check: lambda value: not isinstance(value, str) or check(value))(_check),
        (),
    )


@functools.lru_cache(maxsize=1024)
def _compiled_pattern(pattern: str) -> re.Pattern[str]:
    # ECMAScript `u` patterns have ASCII \d, \w and \b; generated descriptors hold patterns already
    # translated to `re` syntax.
    return re.compile(pattern, re.ASCII)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if isinstance(instance, str) and _compiled_pattern(pattern).search(instance) is None:
        yield ValidationError("does not match the pattern")


_Validator: Any = jsonschema.validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


@functools.lru_cache(maxsize=4096)
def _validator_for_text(text: str) -> Any:
    schema = json.loads(text)
    _Validator.check_schema(schema)
    for pattern in _keyword_values(schema, "pattern"):
        _compiled_pattern(pattern)
    for name in _keyword_values(schema, "format"):
        if name not in FORMATS:
            raise SchemaError(f"unknown format {name}")
    return _Validator(schema, format_checker=_FORMAT_CHECKER)


def _keyword_values(schema: Any, keyword: str) -> Iterator[str]:
    """Every string value of `keyword` in a value schema and its properties."""
    if isinstance(schema, dict):
        if isinstance(schema.get(keyword), str):
            yield schema[keyword]
        for child in schema.get("properties", {}).values():
            yield from _keyword_values(child, keyword)


def validator_for(secret: SecretDescriptor) -> Any:
    """Compiles (once per schema text) the secret's value schema; CONFIGURATION when it cannot."""
    text = json.dumps(_thaw(secret.schema), sort_keys=True)
    problem: SecretsError | None = None
    try:
        return _validator_for_text(text)
    except (SchemaError, re.error, ValueError):
        problem = SecretsError(
            "CONFIGURATION",
            f'secret "{secret.name}" has a value schema that cannot be compiled',
            secret=secret.name,
        )
    raise problem


def _describe(error: ValidationError) -> list[tuple[str, str]]:
    base = "".join(f"/{escape_pointer(str(part))}" for part in error.absolute_path)
    keyword = str(error.validator)
    if keyword == "required" and isinstance(error.instance, dict):
        # The missing names come from the schema, not from the data.
        required: Any = error.validator_value
        missing = [p for p in required if p not in error.instance]
        return [(f"{base}/{escape_pointer(p)}", keyword) for p in missing]
    return [(base or "/", keyword)]


def validate_value(secret: SecretDescriptor, value: Any) -> None:
    """Raises VALIDATION_FAILED listing each failing field's pointer and keyword, never data."""
    validator = validator_for(secret)
    problems: list[tuple[str, str]] = []
    for error in validator.iter_errors(value):
        problems.extend(_describe(error))
    if not problems:
        return
    problems.sort()
    listed = "; ".join(f"{pointer} {keyword}" for pointer, keyword in problems)
    pointer, keyword = problems[0]
    raise SecretsError(
        "VALIDATION_FAILED",
        f'secret "{secret.name}" failed validation: {listed}',
        secret=secret.name,
        field=pointer,
        rule=keyword,
    )


def field_problems(secret: SecretDescriptor, value: Any) -> list[tuple[str, str]]:
    """(pointer, keyword) of every failure, for the env/files loader's per-field report."""
    validator = validator_for(secret)
    problems: list[tuple[str, str]] = []
    for error in validator.iter_errors(value):
        problems.extend(_describe(error))
    return problems
