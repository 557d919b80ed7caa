"""A logging filter that masks loaded values in every record that passes through it."""

from __future__ import annotations

import logging
from typing import Protocol


class _Masks(Protocol):
    def mask(self, text: str) -> str: ...


class MaskingFilter(logging.Filter):
    """Attach to a handler (`handler.addFilter(MaskingFilter(client))`): the record's message and
    arguments are rendered once and masked, so a value logged by mistake shows as [REDACTED]."""

    def __init__(self, client: _Masks) -> None:
        super().__init__()
        self._client = client

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self._client.mask(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = self._client.mask(logging.Formatter().formatException(record.exc_info))
        return True
