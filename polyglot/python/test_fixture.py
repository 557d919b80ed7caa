"""Tests of analytics_py, generated from codegen's polyglot fixture catalog by run-tests.sh.

It covers what the example does not: numbers, booleans, defaults, every format and translated
patterns. The values are made up for the test; none is a secret.
"""

from __future__ import annotations

import analytics_py
import pytest


def _env() -> dict[str, str]:
    return {
        "LEDGER_DB_URL": "postgresql://db.internal:5432/ledger",
        "LEDGER_DB_PASSWORD": "ledger-password-0123",
        "LEDGER_DB_SAMPLE_RATIO": "0.25",
        "ERROR_STRING": "sk_A1234",
        "ERROR_HOST": "db.internal",
        "ERROR_CONTACT": "ops@example.test",
        "ERROR_ID": "0f8b7c1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e",
        "ERROR_IP": "10.0.0.1",
    }


def test_types_and_defaults() -> None:
    secrets = analytics_py.load(_env())
    assert (secrets.database.port, secrets.database.tls, secrets.database.ratio) == (5432, True, 0.25)
    assert secrets.error.string == "sk_A1234"


@pytest.mark.parametrize(
    ("env_var", "value", "rule"),
    [
        ("LEDGER_DB_SAMPLE_RATIO", "1.5", "maximum"),
        ("LEDGER_DB_SAMPLE_RATIO", "-0.5", "minimum"),
        ("LEDGER_DB_SAMPLE_RATIO", "0x1p-2", "type"),
        ("LEDGER_DB_SAMPLE_RATIO", "nan", "type"),
        ("LEDGER_DB_TLS", "yes", "type"),
        ("LEDGER_DB_PORT", "+5", "type"),
        ("LEDGER_DB_PORT", "0", "minimum"),
        ("LEDGER_DB_PASSWORD", "x" * 65, "maxLength"),
        ("LEDGER_DB_PASSWORD", "é" * 15, "minLength"),
        ("LEDGER_DB_URL", "mysql://db.internal/ledger", "pattern"),
        ("ERROR_STRING", "sk_B1234", "pattern"),
        ("ERROR_STRING", "sk_A1", "pattern"),
        ("ERROR_STRING", "sk_A1234\n", "pattern"),
        ("ERROR_STRING", "sk_A١٢٣", "pattern"),
        ("ERROR_HOST", "-db-.internal", "format"),
        ("ERROR_CONTACT", "ops at example.test", "format"),
        ("ERROR_ID", "0f8b7c1e-2d3a-4b5c-9d8e", "format"),
        ("ERROR_IP", "::1", "format"),
    ],
)
def test_rules(env_var: str, value: str, rule: str) -> None:
    env = _env()
    env[env_var] = value
    with pytest.raises(analytics_py.SecretsError) as caught:
        analytics_py.load(env)
    assert [(p.env_var, p.rule) for p in caught.value.problems] == [(env_var, rule)]


def test_lengths_count_characters_not_bytes() -> None:
    env = _env()
    env["LEDGER_DB_PASSWORD"] = "é" * 64
    assert analytics_py.load(env).database.password == "é" * 64
