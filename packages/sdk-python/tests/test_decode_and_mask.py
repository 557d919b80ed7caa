"""Formats as the Node runtime checks them, the masker's encodings, descriptor checks."""

from __future__ import annotations

import base64
import json
import urllib.parse

import pytest
from support import descriptor

from locksmith_sdk import REDACTED, SecretsError, ServiceDescriptor
from locksmith_sdk.decode.formats import FORMATS
from locksmith_sdk.redact.masker import Masker


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (
            "uri",
            ["postgres://db.internal:5432/shop", "https://[::1]:8443/x?y=1#z", "urn:isbn:0451450523"],
            ["db.internal", "http://a b", "no scheme/x", "http://a\u00e9"],
        ),
        (
            "email",
            ["ops@example.test", "a.b+c@sub.example.co"],
            ["ops at example.test", "@example.test", "a@b", "a@@b.c"],
        ),
        ("hostname", ["db.internal", "a-b.example.", "x" * 63], ["-db-.internal", "a..b", "x" * 64, "a_b.example"]),
        (
            "uuid",
            ["0f8b7c1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e", "urn:uuid:0F8B7C1E-2D3A-4B5C-9D8E-7F6A5B4C3D2E"],
            ["0f8b7c1e-2d3a-4b5c-9d8e", "0f8b7c1e2d3a4b5c9d8e7f6a5b4c3d2e"],
        ),
        ("ipv4", ["10.0.0.1", "255.255.255.255"], ["256.0.0.1", "10.0.0.01", "::1", "1.2.3"]),
        ("ipv6", ["::1", "fe80::1", "::ffff:10.0.0.1"], ["10.0.0.1", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "::١"]),
    ],
)
def test_formats_match_the_node_runtime(kind: str, good: list[str], bad: list[str]) -> None:
    check = FORMATS[kind]
    assert [g for g in good if not check(g)] == []
    assert [b for b in bad if check(b)] == []


def test_the_masker_finds_every_encoding_of_every_loaded_value() -> None:
    value = "s3cr3t-v@lue/with+chars"
    masker = Masker(lambda: [{"password": value, "port": 5432}, "ab"])
    forms = [
        value,
        base64.b64encode(value.encode()).decode(),
        base64.b64encode(value.encode()).decode().rstrip("="),
        base64.urlsafe_b64encode(value.encode()).decode().rstrip("="),
        value.encode().hex(),
        value.encode().hex().upper(),
        urllib.parse.quote(value, safe=""),
        urllib.parse.quote_plus(value, safe=""),
        json.dumps(value)[1:-1],
    ]
    for form in forms:
        assert masker.mask(f"<{form}>") == f"<{REDACTED}>", form
        assert masker.contains(form)
    # Values shorter than four characters would mask ordinary text: "ab" is left alone.
    assert masker.mask("tab cab") == "tab cab"


def test_the_masker_follows_value_changes() -> None:
    values = ["first-value"]
    masker = Masker(lambda: values)
    assert masker.mask("first-value") == REDACTED
    values[0] = "second-value"
    masker.invalidate()
    assert masker.mask("first-value second-value") == f"first-value {REDACTED}"


def test_a_malformed_descriptor_names_the_key() -> None:
    broken = descriptor()
    broken["secrets"]["token"]["kind"] = "binary"
    with pytest.raises(SecretsError) as caught:
        ServiceDescriptor.from_dict(broken)
    assert caught.value.code == "CONFIGURATION" and 'secrets."token".kind' in str(caught.value)
    with pytest.raises(SecretsError) as not_json:
        ServiceDescriptor.from_json("{not json")
    assert not_json.value.__context__ is None


def test_an_uncompilable_schema_fails_at_client_creation() -> None:
    from locksmith_sdk import create_client

    spec = descriptor({"token": {"schema": {"type": "string", "format": "credit-card"}}})
    with pytest.raises(SecretsError) as caught:
        create_client(spec, environment="test", provider="env", env={})
    assert (caught.value.code, caught.value.secret) == ("CONFIGURATION", "token")
