//! Raw store value → JSON value of the catalog's shape, before validation. Mirrors
//! sdk-node's decode.ts: env and file values arrive as text and become their declared types;
//! missing fields get their defaults. Messages never include the text.

use serde_json::{Map, Value};

use crate::decode::raw::RawValue;
use crate::descriptor::{FieldDescriptor, ScalarType, SecretDescriptor, SecretKind};
use crate::errors::{ErrorCode, SecretsError};

/// Keys a decoded object may not have: they are how prototype pollution reaches JS consumers of
/// the same secret, so every runtime refuses them alike.
pub const FORBIDDEN_KEYS: [&str; 3] = ["__proto__", "constructor", "prototype"];

/// Decodes `raw` into the JSON value the secret's schema describes.
pub fn decode(secret: &SecretDescriptor, raw: &RawValue) -> Result<Value, SecretsError> {
    let name = &secret.name;
    match (secret.kind, raw) {
        (_, RawValue::Binary(_)) => Err(invalid(
            name,
            "",
            "type",
            "is binary where text was expected",
        )),
        (SecretKind::String, RawValue::Text(text)) => string_value(secret, text),
        (SecretKind::String, RawValue::Fields(fields)) => match fields.get("") {
            Some(text) => string_value(secret, text),
            None => Err(invalid(name, "", "required", "has no value")),
        },
        (SecretKind::Object, RawValue::Text(text)) => {
            let parsed: Value = serde_json::from_str(text)
                .map_err(|_| invalid(name, "", "json", "is not valid JSON"))?;
            match parsed {
                Value::Object(map) => with_field_types(secret, map),
                mut other => {
                    crate::redact::scrub(&mut other);
                    Err(invalid(name, "", "type", "is not a JSON object"))
                }
            }
        }
        (SecretKind::Object, RawValue::Fields(fields)) => {
            let map = fields
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            with_field_types(secret, map)
        }
    }
}

fn string_value(secret: &SecretDescriptor, text: &str) -> Result<Value, SecretsError> {
    match secret.fields.first() {
        Some(field) if field.kind != ScalarType::String => coerce(&secret.name, field, text, ""),
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// The JSON pointer of a forbidden key at any depth (arrays included). It walks with a stack, so
/// no nesting depth can overflow the thread's stack.
fn forbidden_key(root: &Map<String, Value>) -> Option<String> {
    /// Checks one object's keys and queues its children.
    fn visit<'a>(
        map: &'a Map<String, Value>,
        pointer: &str,
        stack: &mut Vec<(&'a Value, String)>,
    ) -> Option<String> {
        for (key, child) in map {
            let at = format!("{pointer}/{}", escape_pointer(key));
            if FORBIDDEN_KEYS.contains(&key.as_str()) {
                return Some(at);
            }
            stack.push((child, at));
        }
        None
    }
    let mut stack = Vec::new();
    if let Some(found) = visit(root, "", &mut stack) {
        return Some(found);
    }
    while let Some((node, pointer)) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(found) = visit(map, &pointer, &mut stack) {
                    return Some(found);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((child, format!("{pointer}/{i}")));
                }
            }
            _ => {}
        }
    }
    None
}

fn with_field_types(
    secret: &SecretDescriptor,
    mut map: Map<String, Value>,
) -> Result<Value, SecretsError> {
    if let Some(pointer) = forbidden_key(&map) {
        let mut value = Value::Object(map);
        crate::redact::scrub(&mut value);
        return Err(invalid(
            &secret.name,
            &pointer,
            "forbidden-key",
            "is a forbidden key (__proto__, constructor, prototype)",
        ));
    }
    for field in &secret.fields {
        let key = field.key();
        let pointer = format!("/{}", escape_pointer(key));
        let coerced = match map.get(key) {
            None => field.default.clone(),
            Some(Value::String(text)) if field.kind != ScalarType::String => {
                Some(coerce(&secret.name, field, text, &pointer)?)
            }
            Some(_) => None,
        };
        if let Some(value) = coerced {
            if let Some(Value::String(mut old)) = map.insert(key.to_owned(), value) {
                zeroize::Zeroize::zeroize(&mut old);
            }
        }
    }
    Ok(Value::Object(map))
}

fn coerce(
    secret: &str,
    field: &FieldDescriptor,
    text: &str,
    pointer: &str,
) -> Result<Value, SecretsError> {
    let trimmed = text.trim();
    let value = match field.kind {
        ScalarType::String => Some(Value::String(text.to_owned())),
        ScalarType::Integer => {
            let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                trimmed.parse::<i64>().ok().map(Value::from)
            } else {
                None
            }
        }
        ScalarType::Number => trimmed
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && is_plain_decimal(trimmed))
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        ScalarType::Boolean => match text {
            "true" | "1" => Some(Value::Bool(true)),
            "false" | "0" => Some(Value::Bool(false)),
            _ => None,
        },
    };
    value.ok_or_else(|| {
        let kind = match field.kind {
            ScalarType::String => "string",
            ScalarType::Integer => "integer",
            ScalarType::Number => "number",
            ScalarType::Boolean => "boolean",
        };
        invalid(secret, pointer, "type", &format!("is not a valid {kind}"))
    })
}

/// Rust's float parser also takes `inf`, `NaN` and `1e`; JSON numbers do not.
fn is_plain_decimal(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let digits = mantissa.replacen('.', "", 1);
    let mantissa_ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

pub(crate) fn invalid(secret: &str, pointer: &str, rule: &str, what: &str) -> SecretsError {
    let at = if pointer.is_empty() {
        String::new()
    } else {
        format!(" at {pointer}")
    };
    SecretsError::new(
        ErrorCode::ValidationFailed,
        format!("secret \"{secret}\"{at} {what} (rule: {rule})"),
    )
    .with_secret(secret)
    .with_field(if pointer.is_empty() { "/" } else { pointer }, rule)
}

/// RFC 6901 escaping of one pointer segment.
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
