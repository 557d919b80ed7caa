//! AppRole, Kubernetes and token logins end to end. Each test runs its own locksmith-fake on a
//! fake clock, configured the way an operator configures Vault: through Vault's HTTP API with the
//! root token. Time moves on both sides at once: `POST /clock` for the fake's token TTLs, and
//! tokio's clock (paused, advanced, resumed) for the client's renewal timer.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use locksmith_sdk::resilience::RetryPolicy;
use locksmith_sdk::{ClientOptions, ErrorCode, SecretClient, SecretValue, ServiceDescriptor};
use reqwest::Method;
use serde_json::{json, Value};
use support::fake::Fake;

const VALUE: &str = "allowed-value-4f1c8a";
/// The value of a secret the role's policy does not grant.
const CANARY: &str = "denied-canary-9b7e2d";
const TTL: Duration = Duration::from_secs(60);
const MAX_TTL: Duration = Duration::from_secs(3600);
const POLICY: &str = r#"
path "secret/data/app/allowed" { capabilities = ["read"] }
path "secret/metadata/app/allowed" { capabilities = ["read"] }"#;

/// A projected service-account token; the fake reads its claims, not its signature.
fn service_account_jwt(namespace: &str, name: &str, issued_ms: u64, expires_ms: u64) -> String {
    let part = |value: Value| {
        aws_smithy_types::base64::encode(value.to_string())
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    };
    let claims = json!({
        "iss": "kubernetes/serviceaccount",
        "sub": format!("system:serviceaccount:{namespace}:{name}"),
        "iat": issued_ms / 1000,
        "exp": expires_ms / 1000,
        "kubernetes.io": { "namespace": namespace,
                           "serviceaccount": { "name": name, "uid": format!("uid-{issued_ms}") } },
    });
    format!(
        "{}.{}.",
        part(json!({ "alg": "none", "typ": "JWT" })),
        part(claims)
    )
}

/// A fake-clock locksmith-fake with a policy and two secrets.
struct Lab {
    fake: Fake,
}

impl Lab {
    async fn start() -> Lab {
        let fake = Fake::start_with(&["--fake-clock"]).await;
        fake.vault_root(
            Method::PUT,
            "sys/policy/svc-read",
            json!({ "policy": POLICY }),
        )
        .await;
        for (name, value) in [("allowed", VALUE), ("denied", CANARY)] {
            fake.vault_root(
                Method::POST,
                &format!("secret/data/app/{name}"),
                json!({ "data": { "value": value } }),
            )
            .await;
        }
        Lab { fake }
    }

    async fn enable(&self, mount: &str, kind: &str) {
        self.fake
            .vault_root(
                Method::POST,
                &format!("sys/auth/{mount}"),
                json!({ "type": kind }),
            )
            .await;
    }

    /// AppRole at `mount` with role `svc`; returns its role_id and a new secret_id.
    async fn enable_approle(&self, mount: &str) -> (String, String) {
        self.enable(mount, "approle").await;
        let role = format!("auth/{mount}/role/svc");
        self.fake
            .vault_root(
                Method::POST,
                &role,
                json!({ "token_policies": "svc-read", "token_ttl": "60s", "token_max_ttl": "1h" }),
            )
            .await;
        let role_id = self
            .fake
            .vault_root(Method::GET, &format!("{role}/role-id"), Value::Null)
            .await;
        let secret_id = self
            .fake
            .vault_root(Method::POST, &format!("{role}/secret-id"), Value::Null)
            .await;
        (
            role_id["data"]["role_id"].as_str().unwrap().to_owned(),
            secret_id["data"]["secret_id"].as_str().unwrap().to_owned(),
        )
    }

    /// Kubernetes auth at `mount` with role `svc` bound to service account shop/svc.
    async fn enable_kubernetes(&self, mount: &str) {
        self.enable(mount, "kubernetes").await;
        self.fake
            .vault_root(
                Method::POST,
                &format!("auth/{mount}/config"),
                json!({ "kubernetes_host": "https://kubernetes.default.svc" }),
            )
            .await;
        self.fake
            .vault_root(
                Method::POST,
                &format!("auth/{mount}/role/svc"),
                json!({ "bound_service_account_names": ["svc"],
                        "bound_service_account_namespaces": ["shop"],
                        "token_policies": ["svc-read"], "token_ttl": "60s", "token_max_ttl": "1h" }),
            )
            .await;
    }

    /// Writes a service-account token for shop/`account`, as the kubelet projects (and rotates) it.
    async fn project_jwt(&self, path: &Path, account: &str, valid: Duration) -> String {
        let now = self.fake.now_ms().await;
        let jwt = service_account_jwt("shop", account, now, now + valid.as_millis() as u64);
        std::fs::write(path, format!("{jwt}\n")).unwrap();
        jwt
    }

    async fn client(&self, method: &str, mount: &str, vars: &[(&str, &str)]) -> SecretClient {
        let secrets: serde_json::Map<String, Value> = ["allowed", "denied"]
            .iter()
            .map(|name| {
                let field = json!({ "name": null, "env": name.to_uppercase(), "type": "string", "required": true });
                (name.to_string(), json!({ "name": name, "kind": "string", "schema": { "type": "string" },
                    "fields": [field], "rotation": { "strategy": "manual" },
                    "placements": { "test": { "provider": "vault", "path": format!("app/{name}") } } }))
            })
            .collect();
        let descriptor: ServiceDescriptor = serde_json::from_value(json!({
            "project": "shop", "service": "svc", "catalogHash": "0",
            "environments": { "test": { "source": "store", "production": false } },
            "providers": { "vault": { "mount": "secret", "authMethod": method, "authMount": mount,
                                      "roles": { "test": "svc" } } },
            "secrets": secrets,
        }))
        .unwrap();
        let mut env: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        env.insert("VAULT_ADDR".into(), self.fake.vault_endpoint());
        env.insert("LOCKSMITH_ENV".into(), "test".into());
        let options = ClientOptions {
            vars: Some(env),
            cache_ttl: Some(24 * MAX_TTL),
            retry: Some(RetryPolicy {
                attempts: 1,
                base: Duration::from_millis(1),
                cap: Duration::from_millis(1),
            }),
            ..ClientOptions::default()
        };
        SecretClient::builder(descriptor)
            .options(options)
            .build()
            .await
            .unwrap()
    }

    /// Moves the fake's clock and the client's (tokio's, paused only for the jump).
    async fn advance(&self, by: Duration) {
        self.fake.advance_clock(by.as_millis() as u64).await;
        tokio::time::pause();
        tokio::time::advance(by).await;
        tokio::time::resume();
    }

    /// The fake Vault's requests since the last clear: count per op, and how many got 403.
    async fn log(&self) -> (HashMap<String, usize>, usize) {
        let mut ops = HashMap::new();
        let mut refused = 0;
        for entry in self.fake.requests("vault").await {
            *ops.entry(entry["op"].as_str().unwrap_or("").to_owned())
                .or_default() += 1;
            refused += usize::from(entry["status"] == 403);
        }
        (ops, refused)
    }

    /// Waits (bounded) until the fake logged `count` requests of `op`: the renewal timer's.
    async fn until_logged(&self, op: &str, count: usize) {
        for _ in 0..500 {
            if self.log().await.0.get(op).copied().unwrap_or(0) >= count {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!(
            "the fake never logged {count} {op}: {:?}",
            self.log().await.0
        );
    }

    /// `get()` (a cold load, once) or, with `fresh`, `refresh()` (a new read from the store).
    async fn read(
        client: &SecretClient,
        name: &str,
        fresh: bool,
    ) -> Result<String, locksmith_sdk::SecretsError> {
        let handle = client.secret::<SecretValue>(name).unwrap();
        let value = if fresh {
            handle.refresh().await
        } else {
            handle.get().await
        };
        value.map(|v| v.expose().as_str().unwrap().to_owned())
    }

    /// One login reads the allowed secret; the other is ACCESS_DENIED and no printed form of the
    /// error shows a credential or the value.
    async fn reads_with_the_policy(
        &self,
        client: &SecretClient,
        login: &str,
        credentials: &[&str],
    ) {
        assert_eq!(Lab::read(client, "allowed", false).await.unwrap(), VALUE);
        assert_eq!(self.log().await.0.get(login), Some(&1), "one {login}");
        let error = Lab::read(client, "denied", false).await.unwrap_err();
        assert_eq!(error.code(), ErrorCode::AccessDenied, "{error}");
        let rendered = format!(
            "{error} {error:?} {} {client:?} {:?}",
            serde_json::to_string(&error).unwrap(),
            client.health()
        );
        for text in credentials.iter().chain([&CANARY]) {
            assert!(!rendered.contains(text), "{rendered}");
        }
    }

    /// Two thirds of the TTL pass with no read: the client's timer renews the token, so a read
    /// past the first TTL needs no login and meets no 403.
    async fn renews_before_the_ttl(&self, client: &SecretClient, login: &str) {
        let step = TTL * 2 / 3 + Duration::from_secs(1);
        self.fake.clear_requests().await;
        self.advance(step).await;
        self.until_logged("token.renew-self", 1).await;
        // A read queues behind the renewal (one lock), so the renewal is complete after it.
        assert_eq!(Lab::read(client, "allowed", true).await.unwrap(), VALUE);
        let (ops, refused) = self.log().await;
        assert!(!ops.contains_key(login), "{ops:?}, {refused} refused");
        self.fake.clear_requests().await;
        self.advance(step).await; // past the first TTL
        self.until_logged("token.renew-self", 1).await;
        assert_eq!(Lab::read(client, "allowed", true).await.unwrap(), VALUE);
        let (ops, refused) = self.log().await;
        assert!(
            !ops.contains_key(login) && refused == 0,
            "{ops:?}, {refused} refused"
        );
    }

    /// Past the max TTL no renewal helps: one fresh login replaces the token.
    async fn logs_in_again_past_the_max_ttl(&self, client: &SecretClient, login: &str) {
        self.fake.clear_requests().await;
        self.advance(MAX_TTL + Duration::from_secs(60)).await;
        assert_eq!(Lab::read(client, "allowed", true).await.unwrap(), VALUE);
        assert_eq!(self.log().await.0.get(login), Some(&1), "one new {login}");
    }
}

// The lab pauses tokio's clock, which needs the current-thread runtime (tokio::test's default).
#[tokio::test]
async fn approle_login_reads_is_denied_renews_and_logs_in_again() {
    let lab = Lab::start().await;
    // A mount other than the default proves the descriptor's auth mount is the one logged in to.
    let (role_id, secret_id) = lab.enable_approle("approle-e2e").await;
    let vars = [
        ("VAULT_ROLE_ID", role_id.as_str()),
        ("VAULT_SECRET_ID", secret_id.as_str()),
    ];
    let client = lab.client("approle", "approle-e2e", &vars).await;
    let login = "auth.approle-e2e.login";
    lab.reads_with_the_policy(&client, login, &[&role_id, &secret_id])
        .await;
    lab.renews_before_the_ttl(&client, login).await;
    lab.logs_in_again_past_the_max_ttl(&client, login).await;

    let wrong = "wrong-secret-id-canary";
    let vars = [
        ("VAULT_ROLE_ID", role_id.as_str()),
        ("VAULT_SECRET_ID", wrong),
    ];
    let client = lab.client("approle", "approle-e2e", &vars).await;
    let error = Lab::read(&client, "allowed", false).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::AuthFailed, "{error}");
    assert!(error.message().contains("approle"), "{error}");
    assert!(!format!("{error} {error:?}").contains(wrong));
}

#[tokio::test]
async fn kubernetes_login_reads_is_denied_renews_and_reads_a_rotated_jwt() {
    let lab = Lab::start().await;
    lab.enable_kubernetes("k8s-e2e").await;
    let dir = tempdir();
    let jwt_path = dir.join("token");
    let jwt = lab.project_jwt(&jwt_path, "svc", MAX_TTL).await;
    let vars = [("LOCKSMITH_VAULT_JWT_PATH", jwt_path.to_str().unwrap())];
    let client = lab.client("kubernetes", "k8s-e2e", &vars).await;
    let login = "auth.k8s-e2e.login";
    lab.reads_with_the_policy(&client, login, &[&jwt]).await;
    lab.renews_before_the_ttl(&client, login).await;
    // The first JWT expires within the hour; the kubelet has projected a new one, read afresh.
    assert_ne!(lab.project_jwt(&jwt_path, "svc", 2 * MAX_TTL).await, jwt);
    lab.logs_in_again_past_the_max_ttl(&client, login).await;

    for account in ["intruder", "expired"] {
        let path = dir.join(account);
        let jwt = if account == "expired" {
            let now = lab.fake.now_ms().await;
            let jwt = service_account_jwt("shop", "svc", now - 7_200_000, now - 3_600_000);
            std::fs::write(&path, &jwt).unwrap();
            jwt
        } else {
            lab.project_jwt(&path, account, MAX_TTL).await
        };
        let vars = [("LOCKSMITH_VAULT_JWT_PATH", path.to_str().unwrap())];
        let client = lab.client("kubernetes", "k8s-e2e", &vars).await;
        let error = Lab::read(&client, "allowed", false).await.unwrap_err();
        assert_eq!(error.code(), ErrorCode::AuthFailed, "{account}: {error}");
        assert!(error.message().contains("kubernetes"), "{error}");
        assert!(!format!("{error} {error:?}").contains(&jwt));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_renewable_token_is_renewed_before_its_ttl() {
    let lab = Lab::start().await;
    let created = lab
        .fake
        .vault_root(
            Method::POST,
            "auth/token/create",
            json!({ "policies": ["svc-read"], "ttl": "60s", "renewable": true }),
        )
        .await;
    let token = created["auth"]["client_token"].as_str().unwrap().to_owned();
    let client = lab
        .client("token", "token", &[("VAULT_TOKEN", token.as_str())])
        .await;
    lab.reads_with_the_policy(&client, "token.lookup-self", &[&token])
        .await;
    lab.renews_before_the_ttl(&client, "token.lookup-self")
        .await;
}

/// A fresh directory under the system's temporary directory.
fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("locksmith-login-{:016x}", fastrand::u64(..)));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
