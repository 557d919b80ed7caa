"""Chooses a provider per secret: the forced kind or instance, else LOCKSMITH_PROVIDER, else the
environment's source; `store` means the secret's placement (aws or vault) in that environment."""

from __future__ import annotations

import dataclasses
import logging
import warnings
from collections.abc import Mapping

from .clock import Clock
from .descriptor import SecretDescriptor, ServiceDescriptor
from .errors import SecretsError
from .options import DEFAULT_FILES_ROOT, PROVIDER_KINDS, ClientOptions, ProviderKind, StoreKind
from .providers.env import EnvProvider, warn_env_in_production
from .providers.fallback import FallbackProvider
from .providers.files import FilesProvider
from .types import Provider


@dataclasses.dataclass(frozen=True)
class Selection:
    """The provider of each secret, and the providers the client built (and closes)."""

    by_secret: Mapping[str, Provider]
    owned: tuple[Provider, ...]


def select_providers(
    descriptor: ServiceDescriptor,
    environment: str,
    options: ClientOptions,
    env: Mapping[str, str],
    clock: Clock,
) -> Selection:
    """The provider of each secret for `environment`, and the built-in providers the client owns."""
    forced = options.provider if options.provider is not None else env.get("LOCKSMITH_PROVIDER") or None
    if isinstance(forced, str) and forced not in PROVIDER_KINDS:
        raise SecretsError("CONFIGURATION", f"LOCKSMITH_PROVIDER must be one of {', '.join(PROVIDER_KINDS)}")
    source = descriptor.environments[environment].source
    instances: dict[str, Provider] = {}
    owned: list[Provider] = []
    chains: dict[str, Provider] = {}

    def instance(kind: StoreKind) -> Provider:
        provider = instances.get(kind) or options.providers.get(kind)
        if provider is None:
            provider = _built_in(kind, descriptor, environment, options, env, clock)
            owned.append(provider)
        instances[kind] = provider
        return provider

    by_secret: dict[str, Provider] = {}
    from_env: list[str] = []
    for secret in descriptor.secrets.values():
        if forced is not None and not isinstance(forced, str):
            provider = forced
        else:
            wanted: ProviderKind = forced or source
            provider = instance(_store_of(secret, environment) if wanted == "store" else wanted)
        if options.fallback:
            chain = [provider, *(p for p in map(instance, options.fallback) if p is not provider)]
            key = ">".join(p.name for p in chain)
            if key not in chains:
                chains[key] = FallbackProvider(chain) if len(chain) > 1 else provider
            provider = chains[key]
        if "env" in provider.name.split(">"):
            from_env.append(secret.name)
        by_secret[secret.name] = provider
    if descriptor.environments[environment].production and from_env:
        warn_env_in_production(options.logger, environment, from_env)
        if not _logs_somewhere(options.logger):
            # Nobody configured logging: a warning this important must still be seen.
            warnings.warn(
                f"locksmith: {', '.join(from_env)} read from environment variables in production",
                RuntimeWarning,
                stacklevel=3,
            )
    return Selection(by_secret, tuple(owned))


def _logs_somewhere(logger: logging.Logger) -> bool:
    """True when a handler other than a NullHandler would receive the logger's records."""
    current: logging.Logger | None = logger
    while current is not None:
        if any(not isinstance(h, logging.NullHandler) for h in current.handlers):
            return True
        current = current.parent if current.propagate else None
    return False


def _store_of(secret: SecretDescriptor, environment: str) -> StoreKind:
    placement = secret.placements.get(environment)
    if placement is None:
        raise SecretsError(
            "CONFIGURATION",
            f'secret "{secret.name}" has no placement in environment "{environment}"',
            secret=secret.name,
        )
    return placement.provider


def _built_in(
    kind: StoreKind,
    descriptor: ServiceDescriptor,
    environment: str,
    options: ClientOptions,
    env: Mapping[str, str],
    clock: Clock,
) -> Provider:
    if kind == "aws":
        from .providers.aws import AwsCredentials, AwsProvider

        region = descriptor.aws.region if descriptor.aws else env.get("AWS_REGION")
        endpoint = options.aws_endpoint_url
        credentials = None
        if options.env is not None:
            # An explicit `env` stands in for os.environ for boto3's variables too.
            endpoint = endpoint or env.get("AWS_ENDPOINT_URL_SECRETS_MANAGER") or env.get("AWS_ENDPOINT_URL")
            key, secret = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
            if key and secret:
                credentials = AwsCredentials(key, secret, env.get("AWS_SESSION_TOKEN") or None)
        return AwsProvider(region=region, endpoint_url=endpoint, credentials=credentials)
    if kind == "vault":
        from .providers.vault import VaultProvider
        from .providers.vault_auth import choose_auth

        vault = descriptor.vault
        url = options.vault_url or env.get("VAULT_ADDR")
        if vault is None or not url:
            raise SecretsError("CONFIGURATION", "the vault provider needs the catalog's vault block and VAULT_ADDR")
        auth = choose_auth(vault.auth_method, role=vault.roles.get(environment), auth_mount=vault.auth_mount, env=env)
        namespace = vault.namespace or env.get("VAULT_NAMESPACE") or None
        return VaultProvider(url=url, auth=auth, mount=vault.mount, namespace=namespace, clock=clock)
    if kind == "env":
        return EnvProvider(options.env)
    return FilesProvider(options.files_root or env.get("LOCKSMITH_FILES_ROOT") or DEFAULT_FILES_ROOT)
