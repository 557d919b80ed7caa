//! What `health()` reports. Names, codes, ages and times only: never a value.

use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::errors::ErrorCode;

/// The state of one secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthState {
    /// Loaded, and the last refresh worked.
    Fresh,
    /// Loaded, but refreshes fail: served within the staleness bound.
    Stale,
    /// No value: loading failed, or the value outlived its staleness bound.
    Failed,
    /// Not loaded yet.
    Cold,
}

/// Per-secret state.
#[derive(Clone, Debug, Serialize)]
pub struct SecretHealth {
    /// The secret name.
    pub secret: String,
    /// Its state.
    pub state: HealthState,
    /// The store it comes from.
    pub provider: String,
    /// Time since the last successful load or refresh.
    pub age: Option<Duration>,
    /// The held version.
    pub version_id: Option<String>,
    /// The code of the last failure, until a success clears it.
    pub last_error: Option<ErrorCode>,
    /// For a dual-key secret: when the previous version stops being offered.
    pub overlap_ends_at: Option<SystemTime>,
    /// Reads served from memory.
    pub hits: u64,
    /// Reads that had to wait for a load.
    pub misses: u64,
}

/// Every secret's state and the verdict for a readiness probe.
#[derive(Clone, Debug, Serialize)]
pub struct HealthReport {
    /// True when every secret holds a value within its staleness bound.
    pub ready: bool,
    /// One entry per secret, sorted by name.
    pub secrets: Vec<SecretHealth>,
}
