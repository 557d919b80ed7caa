"""reports_py in store mode: connect() reads AWS Secrets Manager through boto3, against
locksmith-fake seeded from the example catalog for staging (a `source: store` environment)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import reports_py
from fakes import REPO, Fake, running_fake

CATALOG = REPO / "apps" / "example-service" / "secrets.catalog.yaml"


@pytest.fixture(scope="module")
def staging() -> Iterator[Fake]:
    with running_fake("--catalog", str(CATALOG), "--env", "staging") as fake:
        yield fake


def _env(fake: Fake, tmp_path: Path) -> dict[str, str]:
    # No service-account token here: the catalog's Kubernetes auth falls back to VAULT_TOKEN.
    return {**fake.env, "LOCKSMITH_ENV": "staging", "LOCKSMITH_VAULT_JWT_PATH": str(tmp_path / "none")}


def test_connect_reads_the_staging_stores_with_typed_values(staging: Fake, tmp_path: Path) -> None:
    with reports_py.connect(env=_env(staging, tmp_path)) as client:
        client.preload()
        database = client.database.get()
        assert isinstance(database, reports_py.Database)
        assert database.url.startswith("postgres")
        smtp = client.smtp.current()
        assert isinstance(smtp.port, int) and 1 <= smtp.port <= 65535
        snapshot = client.snapshot()
        assert snapshot.database is database
        health = client.health()
        assert health.ready and {s.provider for s in health.secrets} == {"aws"}
        # Printing the client, its handles or the values shows no value.
        text = f"{client!r} {client.database!r} {snapshot!r} {database} {smtp!r}"
        for secret in (database.password, database.url, smtp.password):
            assert secret not in text
        assert client.mask(f"password={database.password}") == "password=[REDACTED]"
    requests = [str(e.get("op") or e.get("operation")) for e in staging.requests("aws")]
    assert requests.count("BatchGetSecretValue") == 1  # both secrets in one call


def test_a_dev_environment_reads_env_vars_without_any_store(tmp_path: Path) -> None:
    env = {
        "LOCKSMITH_ENV": "dev",
        "DATABASE_URL": "postgres://db.internal:5432/shop",
        "DATABASE_USER": "app",
        "DATABASE_PASSWORD": "p" * 24,
        "SMTP_HOST": "smtp.internal",
        "SMTP_USERNAME": "mailer",
        "SMTP_PASSWORD": "s" * 16,
    }
    with reports_py.connect(env=env) as client:
        client.preload()
        assert client.smtp.get().port == 587
        assert {s.provider for s in client.health().secrets} == {"env"}
