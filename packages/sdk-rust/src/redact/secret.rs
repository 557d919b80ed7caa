//! `Secret<T>`: a value that never prints and is wiped from memory when dropped.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

/// What every rendering of a secret shows instead of the value.
pub const REDACTED: &str = "[REDACTED]";

/// A secret value. `Debug`, `Display` and `Serialize` show [`REDACTED`], never the value; the
/// memory is zeroized on drop. Read it with [`Secret::expose`], at the point of use.
///
/// It deserializes from the plain value, so generated structs can be filled straight from a
/// store's JSON. There is deliberately no `PartialEq`: compare `expose()`d values with a
/// constant-time comparison where it matters (tokens, MACs).
#[derive(Clone, Default)]
pub struct Secret<T: Zeroize>(T);

impl<T: Zeroize> Secret<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value. Keep the borrow short, and never log or format it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl<T: Zeroize> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T: Zeroize> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T: Zeroize> Serialize for Secret<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

impl<'de, T: Zeroize + Deserialize<'de>> Deserialize<'de> for Secret<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Secret)
    }
}

/// A value of a secret the service did not give a generated type: the validated JSON, which
/// never prints and is wiped on drop like a [`Secret`].
#[derive(Clone)]
pub struct SecretValue(serde_json::Value);

impl SecretValue {
    pub(crate) fn new(value: serde_json::Value) -> Self {
        SecretValue(value)
    }

    /// The JSON value. Never log or format it.
    pub fn expose(&self) -> &serde_json::Value {
        &self.0
    }
}

impl Drop for SecretValue {
    fn drop(&mut self) {
        scrub(&mut self.0);
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Serialize for SecretValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

/// Overwrites every string in a JSON value (keys stay: they are catalog names). Used on the
/// intermediate values decoding leaves behind.
pub(crate) fn scrub(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => text.zeroize(),
        serde_json::Value::Array(items) => items.iter_mut().for_each(scrub),
        serde_json::Value::Object(map) => map.values_mut().for_each(scrub),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "canary-7f3a-never-print-me";

    #[test]
    fn no_rendering_shows_the_value() {
        let secret = Secret::new(CANARY.to_owned());
        for text in [
            format!("{secret}"),
            format!("{secret:?}"),
            format!("{secret:#?}"),
            serde_json::to_string(&secret).unwrap(),
            format!("{:?}", Some(&secret)),
        ] {
            assert!(!text.contains(CANARY), "{text}");
            assert!(text.contains(REDACTED));
        }
        assert_eq!(secret.expose(), CANARY);
    }

    #[test]
    fn an_untyped_value_never_prints_either() {
        let value = SecretValue::new(serde_json::json!({ "password": CANARY }));
        for text in [
            format!("{value}"),
            format!("{value:?}"),
            serde_json::to_string(&value).unwrap(),
        ] {
            assert!(!text.contains(CANARY), "{text}");
        }
        assert_eq!(value.expose()["password"], CANARY);
    }

    #[test]
    fn deserializes_from_the_plain_value() {
        let secret: Secret<String> = serde_json::from_str(&format!("\"{CANARY}\"")).unwrap();
        assert_eq!(secret.expose(), CANARY);
        let port: Secret<i64> = serde_json::from_str("5432").unwrap();
        assert_eq!(*port.expose(), 5432);
    }

    #[test]
    fn scrub_wipes_every_string() {
        let mut value = serde_json::json!({ "a": CANARY, "b": [CANARY], "n": 1 });
        scrub(&mut value);
        assert!(!value.to_string().contains(CANARY));
        assert_eq!(value["n"], 1);
    }
}
