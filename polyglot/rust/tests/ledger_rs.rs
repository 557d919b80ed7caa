//! The example's generated `ledger_rs` module: its env and files loader fed testkit values, and
//! its store client against `locksmith-fake` seeded from the same catalog.

mod support;

use std::collections::HashMap;

use locksmith_polyglot_rust::ledger_rs::{self, Database};
use locksmith_sdk::load::EnvSource;
use locksmith_sdk::{ClientOptions, ErrorCode};
use support::{env_of, test_values, SeededFake};

const SECRETS: [&str; 3] = ["database", "jwt-signing-key", "pii-encryption-key"];

fn assert_loaded(s: &ledger_rs::Secrets, env: &HashMap<String, String>) {
    let got = HashMap::from([
        ("DATABASE_URL", s.database.url.expose().clone()),
        ("DATABASE_USER", s.database.username.expose().clone()),
        ("DATABASE_PASSWORD", s.database.password.expose().clone()),
        ("JWT_SIGNING_KEY", s.jwt_signing_key.expose().clone()),
        ("PII_ENCRYPTION_KEY", s.pii_encryption_key.expose().clone()),
    ]);
    assert_eq!(
        got.len(),
        env.len(),
        "ledger-rs reads exactly the variables the test fed"
    );
    for (name, value) in &got {
        assert_eq!(&env[*name], value, "{name} was not loaded as given");
    }
}

#[test]
fn loads_from_environment_variables() {
    let env = env_of(&test_values(), &SECRETS);
    let secrets =
        ledger_rs::load_from(&EnvSource::from_map(env.clone())).expect("valid values load");
    assert_loaded(&secrets, &env);
}

#[test]
fn loads_from_a_mounted_directory_with_trailing_newlines() {
    let values = test_values();
    let root = std::env::temp_dir().join(format!("ledger-rs-files-{}", std::process::id()));
    for secret in SECRETS {
        std::fs::create_dir_all(root.join(secret)).unwrap();
        for (var, value) in &values[secret] {
            std::fs::write(root.join(secret).join(var), format!("{value}\n")).unwrap();
        }
    }
    let loaded = ledger_rs::load_from_dir(&root);
    std::fs::remove_dir_all(&root).unwrap();
    assert_loaded(
        &loaded.expect("valid files load"),
        &env_of(&values, &SECRETS),
    );
}

#[test]
fn lists_every_problem_at_once_and_never_a_value() {
    let canary = "canary-ledger-9d1c";
    let mut env = env_of(&test_values(), &SECRETS);
    env.remove("DATABASE_USER");
    env.insert("DATABASE_URL".into(), format!("mysql://{canary}"));
    env.insert("JWT_SIGNING_KEY".into(), canary.into());
    env.insert("PII_ENCRYPTION_KEY".into(), format!("{canary}!"));
    let error = ledger_rs::load_from(&EnvSource::from_map(env)).unwrap_err();
    let rules: Vec<(String, Option<String>, String)> = error
        .problems
        .iter()
        .map(|p| (p.secret.clone(), p.field.clone(), p.rule.clone()))
        .collect();
    assert!(
        rules.contains(&(
            "database".into(),
            Some("username".into()),
            "required".into()
        )),
        "{error}"
    );
    assert!(
        rules.contains(&("jwt-signing-key".into(), None, "minLength".into())),
        "{error}"
    );
    assert!(
        rules.contains(&("pii-encryption-key".into(), None, "pattern".into())),
        "{error}"
    );
    let problems_env: Vec<&str> = error.problems.iter().map(|p| p.env.as_str()).collect();
    assert!(problems_env.contains(&"DATABASE_USER") && problems_env.contains(&"JWT_SIGNING_KEY"));
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(canary), "{text}");
    }
    // The database URL failed only because the username was missing: it is not checked then.
    assert_eq!(error.service, "ledger-rs");
}

#[test]
fn printing_loaded_secrets_shows_no_value() {
    let env = env_of(&test_values(), &SECRETS);
    let secrets = ledger_rs::load_from(&EnvSource::from_map(env.clone())).unwrap();
    let shown = format!("{secrets:?} {secrets:#?} {:?}", secrets.database);
    for value in env.values() {
        assert!(
            !shown.contains(value.as_str()),
            "a value is printed: {shown}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_client_reads_aws_and_vault_through_locksmith_fake() {
    let fake = SeededFake::start("staging").await;
    let mut vars = fake.env.clone();
    vars.insert("LOCKSMITH_ENV".into(), "staging".into());
    // The catalog says Kubernetes auth; with no service-account token on this machine and
    // VAULT_TOKEN set, the client uses the token, as for local development.
    vars.insert(
        "LOCKSMITH_VAULT_SA_TOKEN_PATH".into(),
        "/nonexistent/locksmith/token".into(),
    );
    let client = ledger_rs::connect(ClientOptions {
        vars: Some(vars),
        ..ClientOptions::default()
    })
    .await
    .expect("client builds");
    client
        .runtime
        .preload()
        .await
        .expect("every secret loads from the fakes");
    let database: std::sync::Arc<Database> = client.database.get().await.unwrap();
    assert!(database.url.expose().starts_with("postgres"));
    let jwt = client.jwt_signing_key.versions().await.unwrap();
    assert!(jwt.current.value.expose().len() >= 43);
    assert!(jwt.previous.is_none(), "one version seeded: no previous");
    let health = client.runtime.health();
    assert!(health.ready);
    assert_eq!(health.secrets.len(), 3);
    let shown = format!("{client:?}");
    for value in [database.password.expose(), jwt.current.value.expose()] {
        assert!(!shown.contains(value.as_str()));
    }
    assert_eq!(
        client
            .runtime
            .secret::<String>("database")
            .unwrap_err()
            .code(),
        ErrorCode::Configuration
    );
}

#[tokio::test]
async fn the_store_client_reads_environment_variables_where_the_catalog_says_env() {
    let mut vars = env_of(&test_values(), &SECRETS);
    vars.insert("LOCKSMITH_ENV".into(), "dev".into());
    let client = ledger_rs::connect(ClientOptions {
        vars: Some(vars.clone()),
        ..ClientOptions::default()
    })
    .await
    .unwrap();
    let pii = client.pii_encryption_key.get().await.unwrap();
    assert_eq!(pii.expose(), &vars["PII_ENCRYPTION_KEY"]);
    assert_eq!(client.runtime.health().secrets[0].provider, "env");
}
