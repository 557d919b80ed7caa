//! Version ids for stores without versions (environment variables, plain directories): a
//! counter that moves when a secret's fields change. Only a SHA-256 of the fields is kept, so
//! the counter holds no copy of a value.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

#[derive(Debug, Default)]
pub struct VersionCounter {
    seen: Mutex<HashMap<String, ([u8; 32], u64)>>,
}

impl VersionCounter {
    /// `<prefix>-N`, where N grows by one each time `fields` differ from the last call's.
    pub fn version(&self, prefix: &str, secret: &str, fields: &BTreeMap<String, String>) -> String {
        let mut hasher = Sha256::new();
        for (key, value) in fields {
            hasher.update((key.len() as u64).to_le_bytes());
            hasher.update(key.as_bytes());
            hasher.update((value.len() as u64).to_le_bytes());
            hasher.update(value.as_bytes());
        }
        let digest: [u8; 32] = hasher.finalize().into();
        let mut seen = self.seen.lock().expect("version counter lock");
        let entry = seen.entry(secret.to_owned()).or_insert((digest, 1));
        if entry.0 != digest {
            *entry = (digest, entry.1 + 1);
        }
        format!("{prefix}-{}", entry.1)
    }
}
