//! Options of the client, with the defaults docs/rust.md lists (the same as sdk-node's).

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::cache::Random;
use crate::providers::aws::AwsProviderOptions;
use crate::providers::Provider;
use crate::resilience::{BreakerPolicy, RetryPolicy};

/// Default cache TTL when the catalog sets none.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(300);
/// Default bound on serving a value after refreshes started failing.
pub const DEFAULT_MAX_STALENESS: Duration = Duration::from_secs(3600);
/// Default budget of one call, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default root of the files provider.
pub const DEFAULT_FILES_ROOT: &str = "/var/run/secrets/locksmith";

/// Which store a secret is read from; `Store` is the placement's own (AWS or Vault).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    /// The placement's store.
    Store,
    /// AWS Secrets Manager.
    Aws,
    /// Vault KV v2.
    Vault,
    /// Environment variables.
    Env,
    /// Mounted files.
    Files,
}

impl ProviderKind {
    /// Parses `store`, `aws`, `vault`, `env` or `files`.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "store" => ProviderKind::Store,
            "aws" => ProviderKind::Aws,
            "vault" => ProviderKind::Vault,
            "env" => ProviderKind::Env,
            "files" => ProviderKind::Files,
            _ => return None,
        })
    }
}

/// A forced provider: a kind, or an instance of your own.
#[derive(Clone, Debug)]
pub enum ProviderChoice {
    /// One of the built-in kinds.
    Kind(ProviderKind),
    /// Any provider.
    Instance(Arc<dyn Provider>),
}

/// Options of [`crate::SecretClient`]. Every field has a default.
#[derive(Clone, Default)]
pub struct ClientOptions {
    /// Environment name (default `LOCKSMITH_ENV`); one of the descriptor's environments.
    pub environment: Option<String>,
    /// Force one store for every secret (default `LOCKSMITH_PROVIDER`, else the environment's
    /// `source` in the catalog).
    pub provider: Option<ProviderChoice>,
    /// Provider instances replacing the built-in ones, by kind.
    pub providers: HashMap<ProviderKind, Arc<dyn Provider>>,
    /// Stores tried in order when the selected one fails (only when given).
    pub fallback: Vec<ProviderKind>,
    /// AWS endpoint, credentials and timeouts (default: the SDK's chain).
    pub aws: AwsProviderOptions,
    /// Vault address (default `VAULT_ADDR`).
    pub vault_address: Option<String>,
    /// Root of the files provider (default `LOCKSMITH_FILES_ROOT`, else [`DEFAULT_FILES_ROOT`]).
    pub files_root: Option<PathBuf>,
    /// Overrides every secret's TTL (default: the catalog's `cacheTtl`, else 5 minutes).
    pub cache_ttl: Option<Duration>,
    /// How long a value may be served after refreshes started failing (default 1 hour).
    pub max_staleness: Option<Duration>,
    /// Budget of one load, retries included (default 10 s).
    pub timeout: Option<Duration>,
    /// Retry policy (default 3 attempts, 100 ms base, 2 s cap).
    pub retry: Option<RetryPolicy>,
    /// Circuit breaker (default 5 failures, 30 s cooldown).
    pub breaker: Option<BreakerPolicy>,
    /// Where `LOCKSMITH_*`, Vault and env-provider variables are read (default: the process
    /// environment).
    pub vars: Option<HashMap<String, String>>,
    /// Uniform random numbers in [0, 1) for jitter (tests pass a fixed one).
    pub random: Option<Random>,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("environment", &self.environment)
            .field("provider", &self.provider)
            .field("fallback", &self.fallback)
            .field("aws", &self.aws)
            .field("vault_address", &self.vault_address)
            .field("files_root", &self.files_root)
            .field("cache_ttl", &self.cache_ttl)
            .field("max_staleness", &self.max_staleness)
            .field("timeout", &self.timeout)
            .field(
                "vars",
                &self
                    .vars
                    .as_ref()
                    .map(|v| format!("{} variable(s)", v.len())),
            )
            .finish_non_exhaustive()
    }
}

impl ClientOptions {
    /// Reads a variable from `vars` or the process environment.
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        match &self.vars {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        }
        .filter(|v| !v.is_empty())
    }
}
