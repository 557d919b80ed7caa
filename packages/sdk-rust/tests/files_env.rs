//! The env and files providers through the client: the kubelet's `..data` swap is watched,
//! paths that leave the root are refused, and a fallback chain keeps every member's watch.

use std::collections::HashMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::Duration;

use locksmith_sdk::providers::files::{FilesProvider, FilesProviderOptions};
use locksmith_sdk::{
    ClientOptions, ErrorCode, ProviderChoice, ProviderKind, SecretClient, SecretValue,
    ServiceDescriptor,
};
use serde_json::json;

fn descriptor(source: &str, production: bool) -> ServiceDescriptor {
    serde_json::from_value(json!({
        "project": "t", "service": "svc", "catalogHash": "0",
        "environments": { "test": { "source": source, "production": production } },
        "providers": {},
        "secrets": { "db": { "name": "db", "kind": "object",
            "schema": { "type": "object", "required": ["user"],
                        "properties": { "user": { "type": "string" }, "port": { "type": "integer" } } },
            "fields": [ { "name": "user", "env": "DB_USER", "type": "string", "required": true },
                        { "name": "port", "env": "DB_PORT", "type": "integer", "required": false, "default": 5432 } ],
            "rotation": { "strategy": "manual" } } }
    }))
    .unwrap()
}

fn temp_root(label: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("locksmith-{label}-{:08x}", fastrand::u32(..)));
    std::fs::create_dir_all(&root).unwrap();
    root.canonicalize().unwrap()
}

/// The kubelet's atomic writer: files in a timestamped directory, `..data` pointing at it.
fn publish(dir: &Path, version: &str, user: &str) {
    let target = dir.join(version);
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("DB_USER"), user).unwrap();
    let link = dir.join("..data_tmp");
    let _ = std::fs::remove_file(&link);
    symlink(version, &link).unwrap();
    std::fs::rename(&link, dir.join("..data")).unwrap();
}

fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn until(what: &str, mut probe: impl FnMut() -> bool) {
    for _ in 0..500 {
        if probe() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_files_provider_follows_the_kubelets_data_swap() {
    let root = temp_root("files");
    publish(&root.join("db"), "..2026_01_01", "first");
    let files = FilesProvider::new(FilesProviderOptions {
        root: root.clone(),
        poll_interval: Duration::from_millis(20),
    });
    let client = SecretClient::builder(descriptor("files", false))
        .options(ClientOptions {
            vars: Some(vars(&[("LOCKSMITH_ENV", "test")])),
            provider: Some(ProviderChoice::Instance(std::sync::Arc::new(files))),
            ..ClientOptions::default()
        })
        .build()
        .await
        .unwrap();
    let db = client.secret::<SecretValue>("db").unwrap();
    let value = db.get().await.unwrap();
    assert_eq!(value.expose()["user"], "first");
    assert_eq!(value.expose()["port"], 5432, "default applied");
    assert_eq!(db.health().version_id.as_deref(), Some("..2026_01_01"));
    publish(&root.join("db"), "..2026_01_02", "second");
    until("the swap to be seen", || {
        db.current().unwrap().expose()["user"] == "second"
    })
    .await;
    std::fs::remove_dir_all(root).unwrap();
}

#[tokio::test]
async fn a_directory_data_link_or_file_that_leaves_the_root_is_unsafe_path() {
    /// Lays out, under the root (first), a way out to the directory outside it (second).
    type Escape = fn(&Path, &Path);
    let cases: [(&str, Escape); 3] = [
        ("a secret directory that links out", |root, outside| {
            symlink(outside, root.join("db")).unwrap()
        }),
        ("a ..data link out", |root, outside| {
            std::fs::create_dir_all(root.join("db")).unwrap();
            symlink(outside, root.join("db/..data")).unwrap();
        }),
        ("a field file that links out", |root, outside| {
            std::fs::create_dir_all(root.join("db")).unwrap();
            symlink(outside.join("DB_USER"), root.join("db/DB_USER")).unwrap();
        }),
    ];
    for (case, escape) in cases {
        let root = temp_root("escape");
        let outside = temp_root("outside");
        std::fs::write(outside.join("DB_USER"), "stolen-canary").unwrap();
        escape(&root, &outside);
        let client = SecretClient::builder(descriptor("files", false))
            .options(ClientOptions {
                vars: Some(vars(&[("LOCKSMITH_ENV", "test")])),
                files_root: Some(root.clone()),
                ..ClientOptions::default()
            })
            .build()
            .await
            .unwrap();
        let error = client
            .secret::<SecretValue>("db")
            .unwrap()
            .get()
            .await
            .unwrap_err();
        assert_eq!(error.code(), ErrorCode::UnsafePath, "{case}: {error}");
        assert!(!error.retryable() && error.secret() == Some("db"), "{case}");
        assert!(
            error.message().contains("outside the files root"),
            "{case}: {}",
            error.message()
        );
        let rendered = format!(
            "{error} {error:?} {}",
            serde_json::to_string(&error).unwrap()
        );
        assert!(!rendered.contains("stolen-canary"), "{case}: {rendered}");
        std::fs::remove_dir_all(root).unwrap();
        std::fs::remove_dir_all(outside).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_that_stay_under_the_root_are_followed() {
    let root = temp_root("inside");
    std::fs::create_dir_all(root.join("db")).unwrap();
    publish(&root.join("db"), "..2026_01_01", "inside-user");
    let alias = root.with_extension("alias");
    symlink(&root, &alias).unwrap();
    let client = SecretClient::builder(descriptor("files", false))
        .options(ClientOptions {
            vars: Some(vars(&[("LOCKSMITH_ENV", "test")])),
            files_root: Some(alias.clone()),
            ..ClientOptions::default()
        })
        .build()
        .await
        .unwrap();
    let value = client.secret::<SecretValue>("db").unwrap().get().await;
    assert_eq!(value.unwrap().expose()["user"], "inside-user");
    std::fs::remove_file(alias).unwrap();
    std::fs::remove_dir_all(root).unwrap();
}

#[tokio::test]
async fn the_env_provider_reads_the_catalogs_variables_and_names_what_is_missing() {
    let build = |pairs: &[(&str, &str)]| {
        SecretClient::builder(descriptor("env", true)).options(ClientOptions {
            vars: Some(vars(pairs)),
            ..ClientOptions::default()
        })
    };
    let client = build(&[
        ("LOCKSMITH_ENV", "test"),
        ("DB_USER", "app"),
        ("DB_PORT", "6543"),
    ])
    .build()
    .await
    .unwrap();
    let value = client
        .secret::<SecretValue>("db")
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(value.expose()["port"], 6543);
    assert_eq!(
        client.health().secrets[0].version_id.as_deref(),
        Some("env-1")
    );
    let client = build(&[("LOCKSMITH_ENV", "test")]).build().await.unwrap();
    let error = client
        .secret::<SecretValue>("db")
        .unwrap()
        .get()
        .await
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotFound);
    assert!(error.message().contains("needs DB_USER"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fallback_chain_keeps_the_watch_of_its_files_member() {
    let root = temp_root("chain");
    publish(&root.join("db"), "..v1", "from-files");
    let client = SecretClient::builder(descriptor("env", false))
        .options(ClientOptions {
            vars: Some(vars(&[("LOCKSMITH_ENV", "test")])),
            fallback: vec![ProviderKind::Files],
            providers: HashMap::from([(
                ProviderKind::Files,
                std::sync::Arc::new(FilesProvider::new(FilesProviderOptions {
                    root: root.clone(),
                    poll_interval: Duration::from_millis(20),
                })) as std::sync::Arc<dyn locksmith_sdk::providers::Provider>,
            )]),
            ..ClientOptions::default()
        })
        .build()
        .await
        .unwrap();
    let db = client.secret::<SecretValue>("db").unwrap();
    assert_eq!(db.get().await.unwrap().expose()["user"], "from-files");
    assert_eq!(db.health().provider, "env>files");
    publish(&root.join("db"), "..v2", "swapped");
    until("the chain to see the swap", || {
        db.current().unwrap().expose()["user"] == "swapped"
    })
    .await;
    std::fs::remove_dir_all(root).unwrap();
}

#[tokio::test]
async fn a_wrong_environment_or_provider_is_a_configuration_error_listing_the_choices() {
    let error = SecretClient::builder(descriptor("env", false))
        .options(ClientOptions {
            vars: Some(vars(&[("LOCKSMITH_ENV", "nope")])),
            ..ClientOptions::default()
        })
        .build()
        .await
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::Configuration);
    assert!(error
        .message()
        .contains("unknown environment \"nope\"; service \"svc\" runs in: test"));
    let error = SecretClient::builder(descriptor("env", false))
        .options(ClientOptions {
            vars: Some(vars(&[
                ("LOCKSMITH_ENV", "test"),
                ("LOCKSMITH_PROVIDER", "s3"),
            ])),
            ..ClientOptions::default()
        })
        .build()
        .await
        .unwrap_err();
    assert!(error
        .message()
        .contains("LOCKSMITH_PROVIDER must be one of"));
}
