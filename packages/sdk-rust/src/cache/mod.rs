//! The cache: one holder per secret, batched loads, retries and breakers.

pub(crate) mod batcher;
pub(crate) mod holder;
pub(crate) mod loader;

pub use holder::{ChangeEvent, Snapshot};
pub use loader::{Random, MAX_CALLS_IN_FLIGHT};
