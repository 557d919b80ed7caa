//! `locksmith-fake` started out of process (`--json`), and its admin API.

use std::path::PathBuf;
use std::process::Stdio;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The repository root (this crate is packages/sdk-rust).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// One running `locksmith-fake`; it stops when dropped (stdin closes, and the child is killed).
pub struct Fake {
    pub info: Value,
    http: reqwest::Client,
    _child: Child,
}

impl Fake {
    pub async fn start() -> Fake {
        Fake::start_with(&[]).await
    }

    /// `start` with more flags, e.g. `--fake-clock` for a clock only `advance_clock` moves.
    pub async fn start_with(extra: &[&str]) -> Fake {
        let bin = repo_root().join("packages/testkit/bin/locksmith-fake.js");
        let mut child = Command::new("node")
            .arg(bin)
            .args([
                "--aws-port",
                "0",
                "--vault-port",
                "0",
                "--admin-port",
                "0",
                "--json",
            ])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs locksmith-fake (build @locksmith/testkit first)");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .await
            .expect("first line");
        let info: Value =
            serde_json::from_str(&line).expect("locksmith-fake --json prints one JSON line");
        Fake {
            info,
            http: http_client(),
            _child: child,
        }
    }

    pub fn aws_endpoint(&self) -> String {
        self.info["aws"]["endpoint"].as_str().unwrap().to_owned()
    }
    pub fn vault_endpoint(&self) -> String {
        self.info["vault"]["endpoint"].as_str().unwrap().to_owned()
    }
    pub fn vault_token(&self) -> String {
        self.info["vault"]["token"].as_str().unwrap().to_owned()
    }
    pub fn region(&self) -> String {
        self.info["aws"]["region"].as_str().unwrap().to_owned()
    }
    pub fn access_key(&self) -> (String, String) {
        let aws = &self.info["aws"];
        (
            aws["accessKeyId"].as_str().unwrap().to_owned(),
            aws["secretAccessKey"].as_str().unwrap().to_owned(),
        )
    }
    /// The variables a service would export to reach the fakes.
    pub fn env(&self) -> std::collections::HashMap<String, String> {
        self.info["env"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect()
    }

    async fn admin(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let admin = &self.info["admin"];
        let url = format!("{}{path}", admin["endpoint"].as_str().unwrap());
        let mut request = self
            .http
            .request(method, url)
            .bearer_auth(admin["token"].as_str().unwrap());
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("admin API answers");
        assert!(
            response.status().is_success(),
            "admin {path}: {}",
            response.status()
        );
        let bytes = response.bytes().await.unwrap_or_default();
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    }

    /// Adds a fault rule aimed at one secret id.
    pub async fn fault(&self, target: &str, error: &str, secret_id: &str, times: u64) {
        let body =
            json!({ "target": target, "error": error, "secretId": secret_id, "times": times });
        self.admin(reqwest::Method::POST, "/faults", Some(body))
            .await;
    }

    /// A fault that stays until cleared.
    pub async fn fault_standing(&self, target: &str, error: &str, secret_id: &str) {
        let body =
            json!({ "target": target, "error": error, "secretId": secret_id, "times": null });
        self.admin(reqwest::Method::POST, "/faults", Some(body))
            .await;
    }

    /// A renewable child of the root token with the given TTL (`3s`).
    pub async fn vault_child_token(&self, ttl: &str) -> String {
        let response = self
            .http
            .post(format!("{}/v1/auth/token/create", self.vault_endpoint()))
            .header("X-Vault-Token", self.vault_token())
            .header("content-type", "application/json")
            .body(json!({ "ttl": ttl, "renewable": true }).to_string())
            .send()
            .await
            .expect("token create");
        let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        body["auth"]["client_token"]
            .as_str()
            .expect("a client token")
            .to_owned()
    }

    /// The fakes' clock, in epoch milliseconds.
    pub async fn now_ms(&self) -> u64 {
        let clock = self.admin(reqwest::Method::GET, "/clock", None).await;
        clock["now"].as_u64().expect("GET /clock has now")
    }

    /// Moves the fakes' clock (the fake must run with `--fake-clock`).
    pub async fn advance_clock(&self, ms: u64) {
        self.admin(
            reqwest::Method::POST,
            "/clock",
            Some(json!({ "advanceMs": ms })),
        )
        .await;
    }

    /// A call to the fake Vault's HTTP API with the root token, as an operator makes it; the
    /// answer's JSON (null for 204).
    pub async fn vault_root(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let response = self
            .http
            .request(method, format!("{}/v1/{path}", self.vault_endpoint()))
            .header("X-Vault-Token", self.vault_token())
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("vault answers");
        let status = response.status();
        let bytes = response.bytes().await.unwrap_or_default();
        assert!(status.is_success(), "vault {path}: {status}");
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    }

    pub async fn clear_faults(&self) {
        self.admin(reqwest::Method::DELETE, "/faults", None).await;
    }

    /// The request log of one fake.
    pub async fn requests(&self, target: &str) -> Vec<Value> {
        let log = self
            .admin(
                reqwest::Method::GET,
                &format!("/requests?target={target}"),
                None,
            )
            .await;
        log["requests"].as_array().cloned().unwrap_or_default()
    }

    pub async fn clear_requests(&self) {
        self.admin(reqwest::Method::DELETE, "/requests", None).await;
    }
}

/// A plain HTTP client with the SDK's TLS settings.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(locksmith_sdk::tls::client_config())
        .build()
        .expect("http client")
}
