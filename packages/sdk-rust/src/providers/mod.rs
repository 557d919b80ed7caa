//! The stores behind the runtime. A provider does one attempt per call: retries, backoff,
//! caching and the circuit breaker belong to the runtime, so they never multiply.

use std::fmt;
use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::decode::RawVersion;
use crate::descriptor::{PlacementDescriptor, SecretDescriptor};
use crate::errors::SecretsError;

pub mod aws;
mod aws_errors;
mod context;
pub mod env;
pub mod fallback;
pub mod files;
mod fingerprint;
pub mod vault;
mod vault_auth;
mod vault_errors;

pub use context::{aborted, timed_out, CallContext};
pub use vault_auth::{VaultAuth, VaultSession, DEFAULT_SERVICE_ACCOUNT_TOKEN};

/// The version stages a store can be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// AWSCURRENT, the newest Vault version.
    Current,
    /// AWSPREVIOUS, the newest live Vault version below the current one.
    Previous,
    /// AWSPENDING (AWS only).
    Pending,
}

impl Stage {
    /// `current`, `previous` or `pending`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Current => "current",
            Stage::Previous => "previous",
            Stage::Pending => "pending",
        }
    }
}

/// One secret a provider is asked for.
#[derive(Clone, Debug)]
pub struct FetchRequest {
    /// The secret's descriptor (name, kind, fields).
    pub secret: Arc<SecretDescriptor>,
    /// Where it lives.
    pub placement: PlacementDescriptor,
    /// The environment name.
    pub environment: String,
    /// Which version.
    pub stage: Stage,
}

/// The answer to one request: a version or a typed error, never both.
pub type FetchResult = Result<RawVersion, SecretsError>;

/// Called with the names of secrets that changed (mounted files).
pub type ChangeCallback = Arc<dyn Fn(Vec<String>) + Send + Sync>;

/// Stops a watch when dropped.
pub struct WatchGuard(Vec<tokio::task::JoinHandle<()>>);

impl WatchGuard {
    pub(crate) fn new(tasks: Vec<tokio::task::JoinHandle<()>>) -> Self {
        WatchGuard(tasks)
    }

    pub(crate) fn merge(guards: impl IntoIterator<Item = WatchGuard>) -> Self {
        WatchGuard(
            guards
                .into_iter()
                .flat_map(|mut g| std::mem::take(&mut g.0))
                .collect(),
        )
    }
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

impl fmt::Debug for WatchGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WatchGuard({} task(s))", self.0.len())
    }
}

/// A store. Implementations: AWS Secrets Manager, Vault KV v2, environment variables, mounted
/// files, and a fallback chain of those. `Debug` must never show a value or a credential.
pub trait Provider: Send + Sync + fmt::Debug {
    /// `aws`, `vault`, `env`, `files` or a chain such as `vault>env`; used in errors and health.
    fn name(&self) -> &str;

    /// Most requests one `fetch` may carry (AWS: 20, BatchGetSecretValue's limit).
    fn max_batch_size(&self) -> usize;

    /// One attempt at every request, answered in order, one result per request.
    fn fetch<'a>(
        &'a self,
        requests: &'a [FetchRequest],
        ctx: &'a CallContext,
    ) -> BoxFuture<'a, Vec<FetchResult>>;

    /// Push notifications of changed secrets (mounted files); `None` when the store has none.
    fn watch(&self, _on_change: ChangeCallback) -> Option<WatchGuard> {
        None
    }
}
