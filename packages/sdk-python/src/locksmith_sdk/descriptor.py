"""The service descriptor: the slice of the catalog one service needs at runtime.

Generated modules embed it as a literal (`packages/schema/src/descriptor.ts` defines its shape);
`ServiceDescriptor.from_dict` checks the shape once, so the rest of the runtime reads typed,
frozen objects.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, cast

from .errors import SecretsError

ScalarType = Literal["string", "integer", "number", "boolean"]
SecretKind = Literal["string", "object"]
Source = Literal["store", "env", "files"]
StoreName = Literal["aws", "vault"]
VaultAuthMethod = Literal["token", "approle", "kubernetes"]


@dataclasses.dataclass(frozen=True)
class EnvironmentDescriptor:
    """How one environment reads its secrets."""

    source: Source
    production: bool


@dataclasses.dataclass(frozen=True)
class AwsDescriptor:
    """The catalog's AWS block: region and account."""

    region: str
    account_id: str


@dataclasses.dataclass(frozen=True)
class VaultDescriptor:
    """The catalog's Vault block: KV mount, namespace, auth method and mount, roles per environment."""

    mount: str
    namespace: str | None
    auth_method: VaultAuthMethod
    auth_mount: str
    #: The Vault role this service logs in with, per environment.
    roles: Mapping[str, str]


@dataclasses.dataclass(frozen=True)
class FieldDescriptor:
    """One field of a secret; `name` is None for a string secret's single value."""

    name: str | None
    env: str
    type: ScalarType
    required: bool
    default: str | int | float | bool | None = None

    @property
    def key(self) -> str:
        """Key of this field in a fields mapping: the field name, or "" for a string secret."""
        return self.name if self.name is not None else ""


@dataclasses.dataclass(frozen=True)
class PlacementDescriptor:
    """Where a secret lives in one environment: AWS secret name, or Vault path under the mount."""

    provider: StoreName
    path: str


@dataclasses.dataclass(frozen=True)
class RotationDescriptor:
    """How the secret rotates; `overlap_ms` bounds how long the previous version is offered."""

    strategy: str
    every_ms: int | None = None
    #: How long the previous version stays valid after the current one was created.
    overlap_ms: int | None = None


@dataclasses.dataclass(frozen=True, eq=False)
class SecretDescriptor:
    """One secret the service reads: kind, value schema, fields, rotation, TTL and placements."""

    name: str
    kind: SecretKind
    #: The JSON Schema of the value (patterns in Python `re` syntax in generated modules).
    schema: Mapping[str, Any]
    fields: tuple[FieldDescriptor, ...]
    rotation: RotationDescriptor
    cache_ttl_ms: int | None
    placements: Mapping[str, PlacementDescriptor]


@dataclasses.dataclass(frozen=True, eq=False)
class ServiceDescriptor:
    """Everything the runtime needs for one service; build it with `from_dict` or `from_json`."""

    project: str
    service: str
    catalog_hash: str
    environments: Mapping[str, EnvironmentDescriptor]
    aws: AwsDescriptor | None
    vault: VaultDescriptor | None
    secrets: Mapping[str, SecretDescriptor]

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> ServiceDescriptor:
        """Checks and converts the JSON form; CONFIGURATION naming the first wrong key."""
        return _parse_service(data)

    @staticmethod
    def from_json(text: str) -> ServiceDescriptor:
        """Parses the JSON form; CONFIGURATION when it is not JSON (the text is never quoted)."""
        try:
            data = json.loads(text)
        except ValueError:
            data = None  # the message would quote the text: raised below, outside the handler
        if data is None:
            raise SecretsError("CONFIGURATION", "descriptor: not valid JSON")
        return _parse_service(_mapping(data, "descriptor"))


def _bad(where: str, what: str) -> SecretsError:
    return SecretsError("CONFIGURATION", f"descriptor: {where} {what}")


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _bad(where, "must be an object")
    return cast(Mapping[str, Any], value)


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise _bad(f"{where}.{key}", "must be a string")
    return value


def _choice(data: Mapping[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> Any:
    value = data.get(key)
    if value not in allowed:
        raise _bad(f"{where}.{key}", f"must be one of {', '.join(allowed)}")
    return value


def _optional_int(data: Mapping[str, Any], key: str, where: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _bad(f"{where}.{key}", "must be a non-negative number")
    return int(value)


def _frozen(value: Any) -> Any:
    """JSON → read-only structure, so a descriptor shared by threads cannot be changed."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): _frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def _parse_service(data: Mapping[str, Any]) -> ServiceDescriptor:
    environments = {
        name: EnvironmentDescriptor(
            source=_choice(
                _mapping(env, f"environments.{name}"), "source", f"environments.{name}", ("store", "env", "files")
            ),
            production=bool(_mapping(env, f"environments.{name}").get("production", False)),
        )
        for name, env in _mapping(data.get("environments"), "environments").items()
    }
    providers = _mapping(data.get("providers", {}), "providers")
    aws = None
    if providers.get("aws") is not None:
        raw = _mapping(providers["aws"], "providers.aws")
        aws = AwsDescriptor(region=_text(raw, "region", "providers.aws"), account_id=str(raw.get("accountId", "")))
    vault = None
    if providers.get("vault") is not None:
        raw = _mapping(providers["vault"], "providers.vault")
        namespace = raw.get("namespace")
        vault = VaultDescriptor(
            mount=_text(raw, "mount", "providers.vault"),
            namespace=namespace if isinstance(namespace, str) and namespace else None,
            auth_method=_choice(raw, "authMethod", "providers.vault", ("token", "approle", "kubernetes")),
            auth_mount=_text(raw, "authMount", "providers.vault"),
            roles=MappingProxyType(
                {str(k): str(v) for k, v in _mapping(raw.get("roles", {}), "providers.vault.roles").items()}
            ),
        )
    secrets = {
        name: _parse_secret(name, _mapping(raw, f"secrets.{name}"))
        for name, raw in _mapping(data.get("secrets"), "secrets").items()
    }
    return ServiceDescriptor(
        project=_text(data, "project", "descriptor"),
        service=_text(data, "service", "descriptor"),
        catalog_hash=str(data.get("catalogHash", "")),
        environments=MappingProxyType(environments),
        aws=aws,
        vault=vault,
        secrets=MappingProxyType(secrets),
    )


def _parse_secret(name: str, raw: Mapping[str, Any]) -> SecretDescriptor:
    where = f'secrets."{name}"'
    fields = []
    for index, item in enumerate(raw.get("fields") or ()):
        field = _mapping(item, f"{where}.fields[{index}]")
        field_name = field.get("name")
        if field_name is not None and not isinstance(field_name, str):
            raise _bad(f"{where}.fields[{index}].name", "must be a string or null")
        default = field.get("default")
        fields.append(
            FieldDescriptor(
                name=field_name,
                env=_text(field, "env", f"{where}.fields[{index}]"),
                type=_choice(field, "type", f"{where}.fields[{index}]", ("string", "integer", "number", "boolean")),
                required=bool(field.get("required", False)),
                default=default if isinstance(default, (str, int, float, bool)) else None,
            )
        )
    rotation = _mapping(raw.get("rotation", {"strategy": "manual"}), f"{where}.rotation")
    placements = {
        env: PlacementDescriptor(
            provider=_choice(
                _mapping(p, f"{where}.placements.{env}"), "provider", f"{where}.placements.{env}", ("aws", "vault")
            ),
            path=_text(_mapping(p, f"{where}.placements.{env}"), "path", f"{where}.placements.{env}"),
        )
        for env, p in _mapping(raw.get("placements", {}), f"{where}.placements").items()
    }
    return SecretDescriptor(
        name=_text(raw, "name", where) if "name" in raw else name,
        kind=_choice(raw, "kind", where, ("string", "object")),
        schema=_frozen(_mapping(raw.get("schema", {}), f"{where}.schema")),
        fields=tuple(fields),
        rotation=RotationDescriptor(
            strategy=str(rotation.get("strategy", "manual")),
            every_ms=_optional_int(rotation, "everyMs", f"{where}.rotation"),
            overlap_ms=_optional_int(rotation, "overlapMs", f"{where}.rotation"),
        ),
        cache_ttl_ms=_optional_int(raw, "cacheTtlMs", where),
        placements=MappingProxyType(placements),
    )
