//! Raw values as providers return them, before decoding.

use std::collections::BTreeMap;
use std::fmt;
use std::time::SystemTime;

use zeroize::Zeroize;

/// A value as a store returned it. Its `Debug` form shows the shape, never the content, and the
/// content is wiped on drop.
pub enum RawValue {
    /// Text: a string secret, or the JSON of an object secret.
    Text(String),
    /// AWS `SecretBinary`; refused when decoded (the catalog has no binary secrets).
    Binary(Vec<u8>),
    /// One string per field key (`""` for a string secret): environment variables and files.
    Fields(BTreeMap<String, String>),
}

impl Drop for RawValue {
    fn drop(&mut self) {
        match self {
            RawValue::Text(text) => text.zeroize(),
            RawValue::Binary(bytes) => bytes.zeroize(),
            RawValue::Fields(fields) => fields.values_mut().for_each(Zeroize::zeroize),
        }
    }
}

impl fmt::Debug for RawValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawValue::Text(_) => f.write_str("RawValue::Text([REDACTED])"),
            RawValue::Binary(_) => f.write_str("RawValue::Binary([REDACTED])"),
            RawValue::Fields(fields) => {
                let keys: Vec<&String> = fields.keys().collect();
                write!(f, "RawValue::Fields({keys:?} = [REDACTED])")
            }
        }
    }
}

/// One version of a secret as fetched from a store.
#[derive(Debug)]
pub struct RawVersion {
    /// Store version id (AWS VersionId, Vault KV version number, `..data` target, …).
    pub version_id: String,
    /// The value.
    pub value: RawValue,
    /// When the store created this version (AWS `CreatedDate`, Vault `created_time`).
    pub created_at: Option<SystemTime>,
}
