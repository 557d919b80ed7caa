//! The golden module of codegen's Rust fixture: every scalar type, optional and defaulted
//! fields, keyword fields and renamed secrets, loaded from a map of variables.

use std::collections::HashMap;

use locksmith_polyglot_rust::fixture_ledger_rs as fixture;
use locksmith_sdk::load::EnvSource;

fn valid() -> HashMap<String, String> {
    [
        ("LEDGER_DB_URL", "postgresql://db:5432/ledger"),
        ("LEDGER_DB_PASSWORD", "0123456789abcdef"),
        ("LEDGER_DB_TYPE", "replica"),
        ("LEDGER_DB_SELF", "false"),
        ("LEDGER_DB_SAMPLE_RATIO", "0.25"),
        ("CLIENT_HOST", "smtp.example.test"),
        ("CLIENT_CONTACT", "ops@example.test"),
        ("CLIENT_ID", "123e4567-e89b-12d3-a456-426614174000"),
        ("CLIENT_IP", "10.0.0.1"),
        ("CLIENT_IP6", "::1"),
        ("CLIENT_CODE", "sk_A1234"),
        ("RUNTIME_TOKEN", "tok_abcdefghijklmn/v1"),
        ("SECRETS_PASSPHRASE", "correct horse"),
        ("SIGNING_KEY", "0123456789abcdef0123456789abcdef"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

#[test]
fn every_type_default_and_mangled_name_comes_through() {
    let s = fixture::load_from(&EnvSource::from_map(valid())).expect("valid values load");
    assert_eq!(*s.database.port.expose(), 5432, "default applied");
    assert!(*s.database.tls.expose(), "boolean default applied");
    assert_eq!(s.database.ratio.as_ref().map(|r| *r.expose()), Some(0.25));
    assert_eq!(s.database.type_.expose(), "replica");
    assert!(s.database.match_.is_none());
    assert_eq!(s.database.self_.as_ref().map(|b| *b.expose()), Some(false));
    assert!(s.database.user_name.is_none());
    assert_eq!(s.client.ip6.as_ref().unwrap().expose(), "::1");
    assert_eq!(s.runtime_secret.expose(), "tok_abcdefghijklmn/v1");
    assert_eq!(s.secrets.expose(), "correct horse");
}

#[test]
fn every_rule_is_checked_and_named() {
    let mut env = valid();
    for (var, bad) in [
        ("LEDGER_DB_TYPE", "standby"),
        ("LEDGER_DB_PORT", "70000"),
        ("LEDGER_DB_SAMPLE_RATIO", "abc"),
        ("CLIENT_HOST", "-bad-.example"),
        ("CLIENT_CONTACT", "not-an-email"),
        ("CLIENT_ID", "123"),
        ("CLIENT_IP", "300.1.1.1"),
        ("CLIENT_IP6", "10.0.0.1"),
        ("CLIENT_CODE", "sk_B12"),
        ("RUNTIME_TOKEN", "tok_short/v1"),
        ("SIGNING_KEY", "short"),
    ] {
        env.insert(var.into(), bad.into());
    }
    let error = fixture::load_from(&EnvSource::from_map(env)).unwrap_err();
    let got: Vec<(String, String)> = error
        .problems
        .iter()
        .map(|p| (p.env.clone(), p.rule.clone()))
        .collect();
    for expected in [
        ("LEDGER_DB_TYPE", "enum"),
        ("CLIENT_HOST", "format"),
        ("CLIENT_CONTACT", "format"),
        ("CLIENT_ID", "format"),
        ("CLIENT_IP", "format"),
        ("CLIENT_IP6", "format"),
        ("CLIENT_CODE", "pattern"),
        ("RUNTIME_TOKEN", "minLength"),
        ("SIGNING_KEY", "minLength"),
    ] {
        assert!(
            got.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} missing from {got:?}"
        );
    }
    // A value that is not a number stops that secret's checks at its type.
    assert!(
        got.contains(&("LEDGER_DB_SAMPLE_RATIO".into(), "type".into())),
        "{got:?}"
    );
}
