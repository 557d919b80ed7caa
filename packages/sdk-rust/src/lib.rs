//! # locksmith-sdk
//!
//! The runtime of Locksmith for Rust services: the secrets a service reads, as declared in the
//! catalog, served from AWS Secrets Manager (the official `aws-sdk-secretsmanager`), Vault
//! KV v2, environment variables or mounted files, with a cache that refreshes ahead of expiry,
//! single-flight and batched loads, retries with full-jitter backoff, a circuit breaker,
//! stale-on-error within a bound, current and previous versions within the catalog's overlap,
//! and validation of every fetched value against the catalog's schema.
//!
//! Generated modules (`locksmith gen` for a service with `languages: [rust]`) embed the
//! service's descriptor and its typed structs and call [`SecretClient::builder`]; see
//! `docs/rust.md`. No value ever reaches a `Debug`, `Display` or `Serialize` output: values are
//! [`Secret`]s, and errors carry names, codes and rules only.

#![warn(missing_docs)]

pub mod cache;
mod client;
pub mod decode;
pub mod descriptor;
mod errors;
mod handle;
pub mod health;
pub mod load;
mod options;
pub mod providers;
pub mod redact;
pub mod resilience;
mod rotation;
mod select;
pub mod tls;

pub use client::{ClientBuilder, SecretClient};
pub use descriptor::ServiceDescriptor;
pub use errors::{ErrorCode, Result, SecretsError};
pub use handle::{CallOptions, SecretHandle, Subscription, Version, Versions};
pub use health::{HealthReport, HealthState, SecretHealth};
pub use options::{
    ClientOptions, ProviderChoice, ProviderKind, DEFAULT_CACHE_TTL, DEFAULT_FILES_ROOT,
    DEFAULT_MAX_STALENESS, DEFAULT_TIMEOUT,
};
pub use redact::{Secret, SecretValue, REDACTED};
pub use rotation::try_each;
pub use tokio_util::sync::CancellationToken;

/// Re-exported so generated modules need no dependency of their own on serde.
pub use serde;
/// Re-exported so generated modules need no dependency of their own on serde_json.
pub use serde_json;
