//! Keeping values out of every rendering: the [`Secret`] wrapper and its untyped sibling.

mod secret;

pub(crate) use secret::scrub;
pub use secret::{Secret, SecretValue, REDACTED};
