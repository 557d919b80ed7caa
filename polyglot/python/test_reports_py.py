"""Tests of the generated reports_py package, fed @locksmith/testkit values (see run-tests.sh)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import reports_py
from reports_py import SecretsError, load, load_from_dir

READS = ("database", "smtp")


def _values() -> dict[str, dict[str, str]]:
    path = os.environ.get("LOCKSMITH_TEST_VALUES")
    assert path, "LOCKSMITH_TEST_VALUES is not set: run polyglot/run-tests.sh"
    values: dict[str, dict[str, str]] = json.loads(Path(path).read_text(encoding="utf-8"))
    for name in READS:
        assert values.get(name), f"no test values for {name}"
    return values


def _env() -> dict[str, str]:
    """The environment reports-py would see: env var -> text."""
    values = _values()
    return {env_var: text for name in READS for env_var, text in values[name].items()}


def _mount(root: Path) -> Path:
    """The layout of a Kubernetes Secret volume: <root>/<secret>/<ENV_VAR>, newline-terminated."""
    values = _values()
    for name in READS:
        (root / name).mkdir()
        for env_var, text in values[name].items():
            (root / name / env_var).write_bytes(f"{text}\n".encode())
    return root


def _assert_loaded(secrets: reports_py.Secrets, env: dict[str, str]) -> None:
    got = {
        "DATABASE_URL": secrets.database.url,
        "DATABASE_USER": secrets.database.username,
        "DATABASE_PASSWORD": secrets.database.password,
        "SMTP_HOST": secrets.smtp.host,
        "SMTP_PORT": str(secrets.smtp.port),
        "SMTP_USERNAME": secrets.smtp.username,
        "SMTP_PASSWORD": secrets.smtp.password,
    }
    assert got == env
    assert isinstance(secrets.smtp.port, int)


def _assert_no_value(text: str, *envs: dict[str, str]) -> None:
    """Values of eight characters or more must not occur (a short one could by chance)."""
    for env in envs:
        for env_var, value in env.items():
            assert len(value) < 8 or value not in text, f"the value of {env_var} leaked"


def test_load_from_a_mapping() -> None:
    env = _env()
    _assert_loaded(load(env), env)


def test_load_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    env = _env()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _assert_loaded(load(), env)


def test_load_from_a_mounted_directory(tmp_path: Path) -> None:
    _assert_loaded(load_from_dir(_mount(tmp_path)), _env())


def test_kubelet_atomic_writer_layout(tmp_path: Path) -> None:
    root = _mount(tmp_path)
    directory = root / "database"
    versioned = directory / "..2026_11_23_12_00_00.000000001"
    versioned.mkdir()
    for env_var in _values()["database"]:
        (directory / env_var).rename(versioned / env_var)
        (directory / env_var).symlink_to(Path("..data") / env_var)
    (directory / "..data").symlink_to(versioned.name)
    _assert_loaded(load_from_dir(root), _env())


def test_default_applies_when_absent() -> None:
    env = _env()
    del env["SMTP_PORT"]
    assert load(env).smtp.port == 587


SHORT_PASSWORD = "canary-short-pw"
BAD_URL = "postgres://[canary"
BAD_PORT = "canary-port"


def test_every_problem_is_reported_once_without_any_value() -> None:
    valid = _env()
    env = dict(valid)
    del env["DATABASE_USER"]
    env["DATABASE_PASSWORD"] = SHORT_PASSWORD
    env["DATABASE_URL"] = BAD_URL
    env["SMTP_PORT"] = BAD_PORT
    with pytest.raises(SecretsError) as caught:
        load(env)
    problems = [(p.secret, p.field, p.env_var, p.rule) for p in caught.value.problems]
    # Fields come in name order: the catalog's key order means nothing.
    assert problems == [
        ("database", "password", "DATABASE_PASSWORD", "minLength"),
        ("database", "url", "DATABASE_URL", "format"),
        ("database", "username", "DATABASE_USER", "required"),
        ("smtp", "port", "SMTP_PORT", "type"),
    ]
    message = str(caught.value)
    assert message.startswith("reports-py: 4 secret problem(s): ")
    assert 'secret "database" field "username" (DATABASE_USER) is not set (rule: required)' in message
    _assert_no_value(message + repr(caught.value) + repr(caught.value.problems), env, valid)


def test_integer_bounds() -> None:
    env = _env()
    env["SMTP_PORT"] = "70000"
    with pytest.raises(SecretsError) as caught:
        load(env)
    assert [p.rule for p in caught.value.problems] == ["maximum"]


def test_an_empty_mount_reports_every_required_file(tmp_path: Path) -> None:
    with pytest.raises(SecretsError) as caught:
        load_from_dir(tmp_path)
    # SMTP_PORT has a default; the six other fields are required.
    assert [p.rule for p in caught.value.problems] == ["required"] * 6


def test_an_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    root = _mount(tmp_path)
    target = root / "database" / "DATABASE_PASSWORD"
    target.unlink()
    target.write_bytes(b"\xff\xfecanary-not-utf8\n")
    with pytest.raises(SecretsError) as caught:
        load_from_dir(root)
    assert [(p.env_var, p.rule) for p in caught.value.problems] == [("DATABASE_PASSWORD", "read")]
    assert "canary-not-utf8" not in str(caught.value)


def test_values_are_frozen_and_never_printed() -> None:
    env = _env()
    secrets = load(env)
    with pytest.raises(AttributeError):
        secrets.database.password = "x"  # type: ignore[misc]
    _assert_no_value(f"{secrets} {secrets!r} {secrets.database} {[secrets.smtp]}", env)
