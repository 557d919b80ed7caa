//! Raw value → decoded → validated → the service's own type, type-erased for the cache.

use std::any::{Any, TypeId};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::decode::coerce::{decode, invalid};
use crate::decode::raw::RawValue;
use crate::decode::validate::Validator;
use crate::descriptor::SecretDescriptor;
use crate::errors::SecretsError;
use crate::redact::{scrub, SecretValue};

/// A validated value in the type its handle was registered with.
pub type Materialized = Arc<dyn Any + Send + Sync>;

/// Converts a validated JSON value into the registered type.
#[derive(Clone, Copy)]
pub struct TypedDecoder {
    pub(crate) type_id: TypeId,
    pub(crate) type_name: &'static str,
    convert: fn(Value) -> Option<Materialized>,
}

impl TypedDecoder {
    /// The decoder for `V` (a generated struct, `Secret<String>`, …).
    pub fn of<V: DeserializeOwned + Send + Sync + 'static>() -> Self {
        TypedDecoder {
            type_id: TypeId::of::<V>(),
            type_name: std::any::type_name::<V>(),
            convert: |value| {
                // serde's error names the offending input; it is dropped unread.
                serde_json::from_value::<V>(value)
                    .ok()
                    .map(|v| Arc::new(v) as Materialized)
            },
        }
    }

    /// The decoder of secrets no generated type was registered for.
    pub fn untyped() -> Self {
        TypedDecoder {
            type_id: TypeId::of::<SecretValue>(),
            type_name: std::any::type_name::<SecretValue>(),
            convert: |value| Some(Arc::new(SecretValue::new(value)) as Materialized),
        }
    }
}

impl std::fmt::Debug for TypedDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TypedDecoder({})", self.type_name)
    }
}

/// Decodes, validates and converts one raw value. A value that fails validation is scrubbed
/// before it is dropped.
pub fn materialize(
    secret: &SecretDescriptor,
    validator: &Validator,
    decoder: &TypedDecoder,
    raw: &RawValue,
) -> Result<Materialized, SecretsError> {
    let mut value = decode(secret, raw)?;
    if let Err(error) = validator.validate(&value) {
        scrub(&mut value);
        return Err(error);
    }
    // `from_value` moves the strings into the typed value rather than copying them.
    (decoder.convert)(value)
        .ok_or_else(|| invalid(&secret.name, "", "type", "does not fit its generated type"))
}
