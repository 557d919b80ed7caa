"""Finds and masks loaded values in text, in the encodings they take when they leak."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

REDACTED = "[REDACTED]"
#: Shorter strings (flags, ports, "true") would mask ordinary text everywhere.
MIN_MASK_LENGTH = 4


def string_leaves(value: Any) -> Iterator[str]:
    """Every string inside a value: mappings, generated dataclasses, tuples, nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for child in value.values():
            yield from string_leaves(child)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from string_leaves(getattr(value, field.name))
    elif isinstance(value, (list, tuple)):
        for child in value:
            yield from string_leaves(child)


def encoded_forms(value: str) -> list[str]:
    """Raw, base64 (padded and not), base64url, hex (both cases), URL-encoded and JSON-escaped."""
    data = value.encode("utf-8")
    b64 = base64.b64encode(data).decode("ascii")
    hexed = data.hex()
    quoted = urllib.parse.quote(value, safe="")
    forms = [
        value,
        b64,
        b64.rstrip("="),
        base64.urlsafe_b64encode(data).decode("ascii").rstrip("="),
        hexed,
        hexed.upper(),
        quoted,
        urllib.parse.quote_plus(value, safe=""),
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
    ]
    return [form for form in forms if len(form) >= MIN_MASK_LENGTH]


class Masker:
    """Compiles every form of every loaded value into one alternation (longest first) when values
    change, so a check is a single regex scan of the text."""

    def __init__(self, sources: Callable[[], Iterable[Any]]) -> None:
        self._sources = sources
        self._dirty = True
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Call when any loaded value changed."""
        self._dirty = True

    def _compiled(self) -> re.Pattern[str] | None:
        if not self._dirty:
            return self._pattern
        with self._lock:
            if self._dirty:
                self._dirty = False
                forms: set[str] = set()
                for value in self._sources():
                    for leaf in string_leaves(value):
                        if len(leaf) >= MIN_MASK_LENGTH:
                            forms.update(encoded_forms(leaf))
                ordered = sorted(forms, key=lambda f: (-len(f), f))
                self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
            return self._pattern

    def contains(self, text: str) -> bool:
        """True when `text` holds a loaded value in any of its forms."""
        pattern = self._compiled()
        return pattern is not None and pattern.search(text) is not None

    def mask(self, text: str) -> str:
        """`text` with every loaded value (and its encodings) replaced by [REDACTED]."""
        pattern = self._compiled()
        return text if pattern is None else pattern.sub(REDACTED, text)
