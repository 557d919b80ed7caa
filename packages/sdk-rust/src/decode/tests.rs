use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::json;

use super::*;
use crate::descriptor::SecretDescriptor;
use crate::errors::ErrorCode;
use crate::redact::{Secret, SecretValue};

const CANARY: &str = "canary-3e1f-value";

fn descriptor(value: serde_json::Value) -> SecretDescriptor {
    serde_json::from_value(value).unwrap()
}

fn database() -> SecretDescriptor {
    descriptor(json!({
        "name": "database", "kind": "object",
        "schema": { "type": "object", "required": ["url", "password"], "additionalProperties": false,
          "properties": {
            "url": { "type": "string", "format": "uri", "pattern": "^postgres(ql)?://" },
            "password": { "type": "string", "minLength": 16 },
            "port": { "type": "integer", "minimum": 1, "maximum": 65535 },
            "tls": { "type": "boolean" },
            "mode": { "type": "string", "enum": ["rw", "ro"] } } },
        "fields": [
          { "name": "url", "env": "DB_URL", "type": "string", "required": true },
          { "name": "password", "env": "DB_PASSWORD", "type": "string", "required": true },
          { "name": "port", "env": "DB_PORT", "type": "integer", "required": false, "default": 5432 },
          { "name": "tls", "env": "DB_TLS", "type": "boolean", "required": false },
          { "name": "mode", "env": "DB_MODE", "type": "string", "required": false } ],
        "rotation": { "strategy": "manual" }, "placements": {}
    }))
}

#[derive(Deserialize)]
struct Database {
    url: Secret<String>,
    password: Secret<String>,
    port: Secret<i64>,
    tls: Option<Secret<bool>>,
}

fn run(secret: &SecretDescriptor, raw: RawValue) -> Result<Materialized, crate::SecretsError> {
    let validator = Validator::compile(secret)?;
    materialize(secret, &validator, &TypedDecoder::of::<Database>(), &raw)
}

#[test]
fn json_text_becomes_the_typed_struct_with_defaults() {
    let raw = RawValue::Text(
        json!({ "url": "postgres://h/db", "password": CANARY.repeat(2) }).to_string(),
    );
    let value = run(&database(), raw)
        .unwrap()
        .downcast::<Database>()
        .unwrap();
    assert_eq!(value.url.expose(), "postgres://h/db");
    assert_eq!(*value.port.expose(), 5432);
    assert!(value.tls.is_none());
    assert_eq!(value.password.expose().len(), CANARY.len() * 2);
}

#[test]
fn fields_from_env_or_files_are_coerced_to_their_types() {
    let fields: BTreeMap<String, String> = [
        ("url", "postgresql://h/db"),
        ("password", "0123456789abcdef"),
        ("port", " 6543 "),
        ("tls", "1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let value = run(&database(), RawValue::Fields(fields))
        .unwrap()
        .downcast::<Database>()
        .unwrap();
    assert_eq!(*value.port.expose(), 6543);
    assert_eq!(value.tls.as_ref().map(|t| *t.expose()), Some(true));
}

#[test]
fn every_failing_field_and_rule_is_named_and_no_value_is() {
    let raw = RawValue::Text(
        json!({ "url": CANARY, "password": "short", "port": 70000, "mode": CANARY, "extra": CANARY }).to_string(),
    );
    let error = run(&database(), raw).err().unwrap();
    assert_eq!(error.code(), ErrorCode::ValidationFailed);
    assert_eq!(error.secret(), Some("database"));
    for part in [
        "/url format",
        "/url pattern",
        "/password minLength",
        "/port maximum",
        "/mode enum",
        "/extra additionalProperties",
    ] {
        assert!(
            error.message().contains(part),
            "{} lacks {part}",
            error.message()
        );
    }
    for text in [
        error.to_string(),
        format!("{error:?}"),
        serde_json::to_string(&error).unwrap(),
    ] {
        assert!(!text.contains(CANARY), "{text}");
    }
}

#[test]
fn missing_required_fields_and_bad_types_are_reported() {
    let error = run(
        &database(),
        RawValue::Text(json!({ "url": "postgres://x", "port": "abc" }).to_string()),
    )
    .err()
    .unwrap();
    assert_eq!(error.field(), Some("/port"));
    assert_eq!(error.rule(), Some("type"));
    let error = run(
        &database(),
        RawValue::Text(json!({ "url": "postgres://x" }).to_string()),
    )
    .err()
    .unwrap();
    assert!(
        error.message().contains("/password required"),
        "{}",
        error.message()
    );
}

#[test]
fn text_that_is_not_json_is_refused_without_quoting_it() {
    let error = run(&database(), RawValue::Text(format!("{{{CANARY}")))
        .err()
        .unwrap();
    assert_eq!(error.rule(), Some("json"));
    assert!(!error.to_string().contains(CANARY));
    let error = run(&database(), RawValue::Text(format!("[\"{CANARY}\"]")))
        .err()
        .unwrap();
    assert_eq!(error.rule(), Some("type"));
}

#[test]
fn prototype_keys_are_refused_at_any_depth() {
    for key in FORBIDDEN_KEYS {
        for (extra, pointer) in [
            (format!("\"{key}\":{{}}"), format!("/{key}")),
            (format!("\"x\":{{\"{key}\":1}}"), format!("/x/{key}")),
            (
                format!("\"x\":[1,{{\"y\":{{\"{key}\":1}}}}]"),
                format!("/x/1/y/{key}"),
            ),
        ] {
            let text =
                format!("{{\"url\":\"postgres://x\",\"password\":\"0123456789abcdef\",{extra}}}");
            let error = run(&database(), RawValue::Text(text)).err().unwrap();
            assert_eq!(error.rule(), Some("forbidden-key"), "{key}");
            assert_eq!(error.field(), Some(pointer.as_str()));
        }
    }
}

#[test]
fn binary_values_are_refused() {
    let error = run(&database(), RawValue::Binary(vec![1, 2, 3]))
        .err()
        .unwrap();
    assert_eq!(error.rule(), Some("type"));
}

#[test]
fn string_secrets_keep_their_text_exactly() {
    let jwt = descriptor(json!({
        "name": "jwt", "kind": "string", "schema": { "type": "string", "minLength": 8, "pattern": "^\\w+$" },
        "fields": [{ "name": null, "env": "JWT", "type": "string", "required": true }],
        "rotation": { "strategy": "dual-key", "overlapMs": 1000 }
    }));
    let validator = Validator::compile(&jwt).unwrap();
    let decoder = TypedDecoder::of::<Secret<String>>();
    let value = materialize(
        &jwt,
        &validator,
        &decoder,
        &RawValue::Text("abcdefgh_1".into()),
    )
    .unwrap();
    assert_eq!(
        value.downcast::<Secret<String>>().unwrap().expose(),
        "abcdefgh_1"
    );
    let error = materialize(&jwt, &validator, &decoder, &RawValue::Text("short".into()))
        .err()
        .unwrap();
    assert_eq!(error.rule(), Some("minLength"));
    let untyped = materialize(
        &jwt,
        &validator,
        &TypedDecoder::untyped(),
        &RawValue::Text("abcdefgh".into()),
    )
    .unwrap()
    .downcast::<SecretValue>()
    .unwrap();
    assert_eq!(untyped.expose(), "abcdefgh");
}

#[test]
fn a_pattern_the_engine_cannot_run_is_a_configuration_error_naming_the_field() {
    let mut secret = database();
    secret.schema["properties"]["url"]["pattern"] = json!("^(?!mysql)postgres");
    let error = Validator::compile(&secret).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Configuration);
    assert!(
        error.message().contains("secret \"database\" at /url"),
        "{}",
        error.message()
    );
}

#[test]
fn lengths_count_characters_not_bytes() {
    let secret = descriptor(json!({
        "name": "k", "kind": "string", "schema": { "type": "string", "maxLength": 3 },
        "fields": [{ "name": null, "env": "K", "type": "string", "required": true }],
        "rotation": { "strategy": "manual" }
    }));
    let validator = Validator::compile(&secret).unwrap();
    let decoder = TypedDecoder::of::<Secret<String>>();
    assert!(materialize(&secret, &validator, &decoder, &RawValue::Text("äöü".into())).is_ok());
}

#[test]
fn raw_values_debug_without_content() {
    let raw = RawValue::Text(CANARY.into());
    assert!(!format!("{raw:?}").contains(CANARY));
    let fields = RawValue::Fields(
        [("password".to_owned(), CANARY.to_owned())]
            .into_iter()
            .collect(),
    );
    let shown = format!("{fields:?}");
    assert!(!shown.contains(CANARY) && shown.contains("password"));
}
