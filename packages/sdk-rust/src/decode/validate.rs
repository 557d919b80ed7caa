//! Validation of decoded values against the value schema of the descriptor: the closed subset
//! of JSON Schema the catalog's meta-schema allows (types, required, additionalProperties,
//! enum, pattern, minLength/maxLength, format, minimum/maximum). Compiled once per secret when
//! the client is built. Errors name the secret, each field (JSON pointer) and rule, never data.

use regex::Regex;
use serde_json::Value;

use crate::decode::coerce::escape_pointer;
use crate::decode::{formats, pattern};
use crate::descriptor::SecretDescriptor;
use crate::errors::{ErrorCode, SecretsError};

/// The compiled checks of one secret's value.
#[derive(Debug)]
pub struct Validator {
    secret: String,
    root: Shape,
}

#[derive(Debug)]
enum Shape {
    Scalar(Rules),
    Object {
        properties: Vec<(String, Rules)>,
        required: Vec<String>,
        additional: bool,
    },
}

#[derive(Debug, Default)]
struct Rules {
    kind: Option<String>,
    allowed: Option<Vec<Value>>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<Regex>,
    format: Option<String>,
    minimum: Option<f64>,
    maximum: Option<f64>,
}

impl Validator {
    /// Compiles the secret's value schema; CONFIGURATION names the secret and field when a
    /// pattern or format cannot be checked here.
    pub fn compile(secret: &SecretDescriptor) -> Result<Self, SecretsError> {
        let schema = &secret.schema;
        let root = if schema.get("type").and_then(Value::as_str) == Some("object") {
            let mut properties = Vec::new();
            if let Some(map) = schema.get("properties").and_then(Value::as_object) {
                for (name, field) in map {
                    let at = format!("/{}", escape_pointer(name));
                    properties.push((name.clone(), rules(secret, field, &at)?));
                }
            }
            let required = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let additional =
                schema.get("additionalProperties").and_then(Value::as_bool) != Some(false);
            Shape::Object {
                properties,
                required,
                additional,
            }
        } else {
            Shape::Scalar(rules(secret, schema, "/")?)
        };
        Ok(Validator {
            secret: secret.name.clone(),
            root,
        })
    }

    /// Checks a decoded value; VALIDATION_FAILED lists every failing field and rule.
    pub fn validate(&self, value: &Value) -> Result<(), SecretsError> {
        let problems = self.problems(value);
        let Some((first_field, first_rule)) = problems.first().cloned() else {
            return Ok(());
        };
        let list: Vec<String> = problems.iter().map(|(p, r)| format!("{p} {r}")).collect();
        Err(SecretsError::new(
            ErrorCode::ValidationFailed,
            format!(
                "secret \"{}\" failed validation: {}",
                self.secret,
                list.join("; ")
            ),
        )
        .with_secret(&self.secret)
        .with_field(first_field, first_rule))
    }

    /// Every failing field (JSON pointer) and rule, in schema order.
    pub fn problems(&self, value: &Value) -> Vec<(String, &'static str)> {
        let mut problems: Vec<(String, &'static str)> = Vec::new();
        match &self.root {
            Shape::Scalar(rules) => rules.check(value, "/", &mut problems),
            Shape::Object {
                properties,
                required,
                additional,
            } => match value.as_object() {
                None => problems.push(("/".into(), "type")),
                Some(map) => {
                    for name in required {
                        if !map.contains_key(name) {
                            problems.push((format!("/{}", escape_pointer(name)), "required"));
                        }
                    }
                    for (name, field) in map {
                        let at = format!("/{}", escape_pointer(name));
                        match properties.iter().find(|(n, _)| n == name) {
                            Some((_, rules)) => rules.check(field, &at, &mut problems),
                            None if !additional => problems.push((at, "additionalProperties")),
                            None => {}
                        }
                    }
                }
            },
        }
        problems
    }
}

fn rules(secret: &SecretDescriptor, schema: &Value, at: &str) -> Result<Rules, SecretsError> {
    let config = |what: String| {
        SecretsError::new(
            ErrorCode::Configuration,
            format!("secret \"{}\" at {at}: {what}", secret.name),
        )
        .with_secret(&secret.name)
    };
    let pattern = match schema.get("pattern").and_then(Value::as_str) {
        None => None,
        Some(p) => Some(Regex::new(&pattern::translate(p)).map_err(|_| {
            config("the pattern cannot be compiled by the Rust regex engine (no lookaround or backreferences)".into())
        })?),
    };
    let format = schema
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(f) = &format {
        if formats::check(f, "").is_none() {
            return Err(config(format!("format \"{f}\" cannot be checked")));
        }
    }
    Ok(Rules {
        kind: schema
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_owned),
        allowed: schema.get("enum").and_then(Value::as_array).cloned(),
        min_length: schema.get("minLength").and_then(Value::as_u64),
        max_length: schema.get("maxLength").and_then(Value::as_u64),
        pattern,
        format,
        minimum: schema.get("minimum").and_then(Value::as_f64),
        maximum: schema.get("maximum").and_then(Value::as_f64),
    })
}

impl Rules {
    fn check(&self, value: &Value, at: &str, problems: &mut Vec<(String, &'static str)>) {
        let mut fail = |rule: &'static str| problems.push((at.to_owned(), rule));
        let type_ok = match self.kind.as_deref() {
            Some("string") => value.is_string(),
            Some("integer") => value.as_f64().is_some_and(|n| n.fract() == 0.0),
            Some("number") => value.is_number(),
            Some("boolean") => value.is_boolean(),
            _ => true,
        };
        if !type_ok {
            fail("type");
            return;
        }
        if let Some(allowed) = &self.allowed {
            if !allowed.iter().any(|a| same(a, value)) {
                fail("enum");
            }
        }
        if let Some(text) = value.as_str() {
            // JSON Schema counts characters (code points), not bytes.
            let length = text.chars().count() as u64;
            if self.min_length.is_some_and(|min| length < min) {
                fail("minLength");
            }
            if self.max_length.is_some_and(|max| length > max) {
                fail("maxLength");
            }
            if self.pattern.as_ref().is_some_and(|re| !re.is_match(text)) {
                fail("pattern");
            }
            if let Some(format) = &self.format {
                if formats::check(format, text) == Some(false) {
                    fail("format");
                }
            }
        }
        if let Some(n) = value.as_f64() {
            if self.minimum.is_some_and(|min| n < min) {
                fail("minimum");
            }
            if self.maximum.is_some_and(|max| n > max) {
                fail("maximum");
            }
        }
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}
