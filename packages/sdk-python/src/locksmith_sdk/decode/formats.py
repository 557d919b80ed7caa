"""The string formats a catalog may name, checked as the Node runtime (ajv-formats, full mode) does.

The expressions follow the RFCs the same way ajv-formats does, so a value that passes in Node
passes here. They are matched with `fullmatch`, ASCII classes and case-insensitively, like the
JavaScript `/i` originals.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

_FLAGS = re.ASCII | re.IGNORECASE

_IPV4_PART = r"(?:25[0-5]|2[0-4]\d|[01]?\d\d?)"
_H16 = r"[0-9a-f]{1,4}"
_IPV6 = (
    rf"(?:(?:{_H16}:){{6}}|::(?:{_H16}:){{5}}|(?:{_H16})?::(?:{_H16}:){{4}}"
    rf"|(?:(?:{_H16}:){{0,1}}{_H16})?::(?:{_H16}:){{3}}|(?:(?:{_H16}:){{0,2}}{_H16})?::(?:{_H16}:){{2}}"
    rf"|(?:(?:{_H16}:){{0,3}}{_H16})?::{_H16}:|(?:(?:{_H16}:){{0,4}}{_H16})?::)"
    rf"(?:{_H16}:{_H16}|(?:{_IPV4_PART}\.){{3}}{_IPV4_PART})"
    rf"|(?:(?:{_H16}:){{0,5}}{_H16})?::{_H16}|(?:(?:{_H16}:){{0,6}}{_H16})?::"
)
_UNRESERVED = r"[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2}"
_SEGMENT = rf"(?:{_UNRESERVED})*"
_URI = re.compile(
    r"(?:[a-z][a-z0-9+\-.]*:)"
    r"(?:/?/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?"
    rf"(?:\[(?:{_IPV6}|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]"
    rf"|(?:{_IPV4_PART}\.){{3}}{_IPV4_PART}"
    r"|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)"
    rf"(?::\d*)?(?:/{_SEGMENT})*"
    rf"|/(?:(?:{_UNRESERVED})+(?:/{_SEGMENT})*)?"
    rf"|(?:{_UNRESERVED})+(?:/{_SEGMENT})*)"
    r"(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?"
    r"(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?",
    _FLAGS,
)
_NOT_URI_FRAGMENT = re.compile(r"[/:]")
_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?",
    _FLAGS,
)
_HOSTNAME = re.compile(
    r"(?=.{1,253}\.?\Z)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?",
    _FLAGS,
)
_UUID = re.compile(r"(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}", _FLAGS)
_IPV4 = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)", _FLAGS)


def _uri(text: str) -> bool:
    return _NOT_URI_FRAGMENT.search(text) is not None and _URI.fullmatch(text) is not None


def _ipv6(text: str) -> bool:
    # ipaddress accepts a scope id (fe80::1%eth0) that the RFC 4291 text form (and ajv) does not.
    if "%" in text or not text.isascii():
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


#: Format name → check. Unknown names are refused when the client is created.
FORMATS: dict[str, Callable[[str], bool]] = {
    "uri": _uri,
    "email": lambda text: _EMAIL.fullmatch(text) is not None,
    "hostname": lambda text: _HOSTNAME.fullmatch(text) is not None,
    "uuid": lambda text: _UUID.fullmatch(text) is not None,
    "ipv4": lambda text: _IPV4.fullmatch(text) is not None,
    "ipv6": _ipv6,
}
