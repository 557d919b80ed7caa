//! Test values from @locksmith/testkit and `locksmith-fake`, for the generated modules' tests.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `{ secret: { ENV_VAR: value } }` for the example catalog: LOCKSMITH_TEST_VALUES when the
/// harness wrote it, else written here by polyglot/test-values.mjs.
pub fn test_values() -> HashMap<String, HashMap<String, String>> {
    static VALUES: std::sync::OnceLock<HashMap<String, HashMap<String, String>>> =
        std::sync::OnceLock::new();
    VALUES.get_or_init(read_values).clone()
}

fn read_values() -> HashMap<String, HashMap<String, String>> {
    let path = match std::env::var("LOCKSMITH_TEST_VALUES") {
        Ok(path) => PathBuf::from(path),
        Err(_) => {
            let out = std::env::temp_dir()
                .join(format!("locksmith-rust-values-{}.json", std::process::id()));
            let root = repo_root();
            let status = std::process::Command::new("node")
                .arg(root.join("polyglot/test-values.mjs"))
                .arg(root.join("apps/example-service/secrets.catalog.yaml"))
                .arg(&out)
                .status()
                .expect("node runs polyglot/test-values.mjs");
            assert!(status.success());
            out
        }
    };
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The variables of the given secrets, flattened.
pub fn env_of(
    values: &HashMap<String, HashMap<String, String>>,
    secrets: &[&str],
) -> HashMap<String, String> {
    secrets.iter().flat_map(|s| values[*s].clone()).collect()
}

/// `locksmith-fake` seeded from the example catalog for one environment.
pub struct SeededFake {
    pub env: HashMap<String, String>,
    _child: Child,
}

impl SeededFake {
    pub async fn start(environment: &str) -> SeededFake {
        let root = repo_root();
        let mut child = Command::new("node")
            .arg(root.join("packages/testkit/bin/locksmith-fake.js"))
            .args([
                "--aws-port",
                "0",
                "--vault-port",
                "0",
                "--admin-port",
                "0",
                "--json",
                "--env",
                environment,
            ])
            .arg("--catalog")
            .arg(root.join("apps/example-service/secrets.catalog.yaml"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs locksmith-fake");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .await
            .unwrap();
        let info: Value = serde_json::from_str(&line).expect("locksmith-fake --json");
        let env = info["env"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        SeededFake { env, _child: child }
    }
}
