"""Env vars and mounted files: selection by environment, kubelet `..data` swaps, the files root."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from support import Events, descriptor, logger_with, wait_until

from locksmith_sdk import SecretsError, create_client
from locksmith_sdk.providers.files import FilesProvider

DB = {
    "database": {
        "kind": "object",
        "schema": {
            "type": "object",
            "required": ["url", "password"],
            "properties": {
                "url": {"type": "string", "format": "uri"},
                "password": {"type": "string", "minLength": 8},
                "port": {"type": "integer", "minimum": 1},
                "tls": {"type": "boolean"},
            },
        },
        "fields": [
            {"name": "url", "env": "DATABASE_URL", "type": "string", "required": True},
            {"name": "password", "env": "DB_PASSWORD", "type": "string", "required": True},
            {"name": "port", "env": "DB_PORT", "type": "integer", "required": False, "default": 5432},
            {"name": "tls", "env": "DB_TLS", "type": "boolean", "required": False},
        ],
    }
}
ENV = {"DATABASE_URL": "postgres://db.internal/shop", "DB_PASSWORD": "password-canary-1", "DB_TLS": "true"}


def test_an_env_environment_assembles_objects_from_variables_with_types_and_defaults() -> None:
    with create_client(descriptor(DB, source="env"), environment="test", env=ENV) as client:
        value = client.get("database")
        assert dict(value) == {
            **{k: v for k, v in [("url", ENV["DATABASE_URL"]), ("password", ENV["DB_PASSWORD"])]},
            "port": 5432,
            "tls": True,
        }
        with pytest.raises(TypeError):
            value["url"] = "changed"


def test_locksmith_provider_overrides_the_environment_source() -> None:
    env = {**ENV, "LOCKSMITH_PROVIDER": "env", "LOCKSMITH_ENV": "test"}
    with create_client(descriptor(DB, source="store"), env=env) as client:
        assert client.health().secrets[0].provider == "env"
        assert client.get("database")["port"] == 5432


def test_an_unknown_environment_lists_the_valid_ones() -> None:
    with pytest.raises(SecretsError) as caught:
        create_client(descriptor(DB, source="env"), env={"LOCKSMITH_ENV": "prod"})
    assert caught.value.code == "CONFIGURATION"
    assert 'unknown environment "prod"' in str(caught.value) and "test" in str(caught.value)


def test_an_env_only_service_imports_neither_boto3_nor_hvac() -> None:
    script = (
        "import sys, locksmith_sdk, json\n"
        f"d = json.loads({__import__('json').dumps(__import__('json').dumps(descriptor(DB, source='env')))})\n"
        f"c = locksmith_sdk.create_client(d, environment='test', env={ENV!r})\n"
        "c.preload(); c.close()\n"
        "print(sorted(m for m in ('boto3', 'botocore', 'hvac', 'requests') if m in sys.modules))\n"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": src},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_env_in_a_production_environment_is_logged_with_names_only() -> None:
    events = Events()
    with create_client(
        descriptor(DB, source="env", production=True), environment="test", env=ENV, logger=logger_with(events)
    ):
        pass
    assert "env_provider_in_production" in events.events()
    assert "canary" not in events.rendered()


def test_missing_and_invalid_env_values_are_typed_errors_without_values() -> None:
    with create_client(descriptor(DB, source="env"), environment="test", env={"DATABASE_URL": "x"}) as client:
        with pytest.raises(SecretsError) as missing:
            client.get("database")
        assert missing.value.code == "NOT_FOUND" and "DB_PASSWORD" in str(missing.value)
    env = {**ENV, "DB_PORT": "port-canary"}
    with create_client(descriptor(DB, source="env"), environment="test", env=env) as client:
        with pytest.raises(SecretsError) as bad:
            client.get("database")
        assert (bad.value.code, bad.value.field, bad.value.rule) == ("VALIDATION_FAILED", "/port", "type")
        assert "canary" not in f"{bad.value} {bad.value!r} {bad.value.to_dict()}"


def _mount(root: Path, name: str, values: dict[str, str], version: str) -> None:
    """The kubelet's atomic-writer layout: files in a timestamped dir, `..data` pointing at it."""
    secret_dir = root / name
    secret_dir.mkdir(exist_ok=True)
    target = secret_dir / version
    target.mkdir()
    for env_var, text in values.items():
        (target / env_var).write_text(text)
        link = secret_dir / env_var
        if not link.is_symlink():
            link.symlink_to(Path("..data") / env_var)
    tmp = secret_dir / "..data_tmp"
    tmp.symlink_to(version)
    os.replace(tmp, secret_dir / "..data")


def test_a_kubelet_data_swap_reloads_the_secret_and_fires_on_change(tmp_path: Path) -> None:
    _mount(tmp_path, "database", ENV, "..2026_01_01_00_00_00.1")
    provider = FilesProvider(tmp_path, poll_interval_s=0.02)
    with create_client(
        descriptor(DB, source="files"), environment="test", env={}, providers={"files": provider}
    ) as client:
        handle = client.secret("database")
        assert handle.get()["password"] == ENV["DB_PASSWORD"]
        assert client.health().secrets[0].version_id == "..2026_01_01_00_00_00.1"
        changed = threading.Event()
        seen: list[str] = []

        def record(versions: Any) -> None:
            seen.append(versions.current.version_id)
            changed.set()

        handle.on_change(record)
        _mount(tmp_path, "database", {**ENV, "DB_PASSWORD": "password-canary-2"}, "..2026_01_01_00_00_00.2")
        assert changed.wait(5)
        assert seen == ["..2026_01_01_00_00_00.2"]
        assert handle.get()["password"] == "password-canary-2"


def _escape(kind: str, root: Path, outside: Path) -> FilesProvider:
    """A files provider whose secret `database` leads out of `root` in the way `kind` names."""
    secret_dir = root / "database"
    if kind == "directory named out of the root":
        return FilesProvider(root, directory_of=lambda _: "../outside")
    if kind == "directory that is a link out of the root":
        secret_dir.symlink_to(outside)
    elif kind == "..data link out of the root":
        secret_dir.mkdir()
        (secret_dir / "..data").symlink_to(outside)
    else:
        secret_dir.mkdir()
        for env_var in ENV:
            (secret_dir / env_var).symlink_to(outside / env_var)
    return FilesProvider(root)


@pytest.mark.parametrize(
    "kind",
    [
        "directory named out of the root",
        "directory that is a link out of the root",
        "..data link out of the root",
        "field file that links out of the root",
    ],
)
def test_paths_that_leave_the_files_root_are_unsafe_path(tmp_path: Path, kind: str) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    for env_var, text in ENV.items():
        (outside / env_var).write_text(text)
    provider = _escape(kind, root, outside)
    with create_client(descriptor(DB, source="files"), environment="test", env={}, providers={"files": provider}) as c:
        with pytest.raises(SecretsError) as caught:
            c.get("database")
    error = caught.value
    assert (error.code, error.retryable, error.secret) == ("UNSAFE_PATH", False, "database")
    assert "leaves the files root" in str(error) or "outside the files root" in str(error)
    assert ENV["DB_PASSWORD"] not in f"{error} {error!r} {error.to_dict()}"


def test_links_that_stay_under_the_files_root_are_followed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    _mount(root, "database", ENV, "..2026_01_01_00_00_00.1")
    alias = tmp_path / "alias"
    alias.symlink_to(root)
    with create_client(
        descriptor(DB, source="files"), environment="test", env={}, providers={"files": FilesProvider(alias)}
    ) as client:
        assert client.get("database")["password"] == ENV["DB_PASSWORD"]


def test_a_fallback_chain_reads_the_next_store_and_keeps_the_files_watch(tmp_path: Path) -> None:
    _mount(tmp_path, "database", ENV, "..v1")
    provider = FilesProvider(tmp_path, poll_interval_s=0.02)
    options: dict[str, Any] = {"providers": {"files": provider}, "fallback": ["files"], "env": {}}
    with create_client(descriptor(DB, source="env"), environment="test", **options) as client:
        handle = client.secret("database")
        assert handle.get()["password"] == ENV["DB_PASSWORD"]
        assert client.health().secrets[0].provider == "env>files"
        changed = threading.Event()
        handle.on_change(lambda _: changed.set())
        _mount(tmp_path, "database", {**ENV, "DB_PASSWORD": "password-canary-3"}, "..v2")
        assert changed.wait(5)
        assert handle.get()["password"] == "password-canary-3"


@pytest.mark.parametrize("key", ["__proto__", "constructor", "prototype"])
@pytest.mark.parametrize(
    ("template", "pointer"),
    [
        ('{{"url": "postgres://x", "{key}": 1}}', "/{key}"),
        ('{{"url": "postgres://x", "nested": {{"{key}": {{"a": 1}}}}}}', "/nested/{key}"),
        ('{{"url": "postgres://x", "list": [1, {{"b": {{"{key}": 1}}}}]}}', "/list/1/b/{key}"),
    ],
)
def test_decoding_refuses_prototype_keys_at_any_depth(key: str, template: str, pointer: str) -> None:
    """As sdk-node does: rule forbidden-key, and the field is the key's JSON pointer."""
    with create_client(descriptor(DB, source="env"), environment="test", env=ENV) as client:
        from locksmith_sdk.decode.decode import decode_value
        from locksmith_sdk.types import FieldsValue, TextValue

        secret = client.descriptor.secrets["database"]
        with pytest.raises(SecretsError) as caught:
            decode_value(secret, TextValue(template.format(key=key)))
        error = caught.value
        assert (error.code, error.rule, error.field) == ("VALIDATION_FAILED", "forbidden-key", pointer.format(key=key))
        with pytest.raises(SecretsError) as from_fields:
            decode_value(secret, FieldsValue({"url": "postgres://x", key: "1"}))
        assert (from_fields.value.rule, from_fields.value.field) == ("forbidden-key", f"/{key}")


def test_env_in_production_warns_even_when_logging_is_not_configured() -> None:
    silent = logging.getLogger("locksmith-test-silent")
    silent.propagate = False  # no handler anywhere: as in an application without logging set up
    with pytest.warns(RuntimeWarning, match="database read from environment variables in production"):
        spec = descriptor(DB, source="env", production=True)
        create_client(spec, environment="test", env=ENV, logger=silent).close()


def test_the_files_watch_thread_ends_when_its_client_closes(tmp_path: Path) -> None:
    _mount(tmp_path, "database", ENV, "..v1")
    provider = FilesProvider(tmp_path, poll_interval_s=0.01)
    with create_client(descriptor(DB, source="files"), environment="test", env={}, providers={"files": provider}) as c:
        c.get("database")
        assert any(t.name == "locksmith-files-watch" for t in threading.enumerate())
    wait_until(lambda: not any(t.name == "locksmith-files-watch" for t in threading.enumerate()))
