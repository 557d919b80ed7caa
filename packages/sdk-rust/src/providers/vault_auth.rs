//! Getting and keeping a Vault token: token, AppRole or Kubernetes login, renew-self before
//! expiry, and a fresh login when renewal fails or a read is refused.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::vault_errors;
use crate::errors::{ErrorCode, SecretsError};
use crate::redact::Secret;

/// Default path of the projected service-account token.
pub const DEFAULT_SERVICE_ACCOUNT_TOKEN: &str =
    "/var/run/secrets/kubernetes.io/serviceaccount/token";
/// Renew once two thirds of the TTL have passed, leaving a third for slow or failed renewals.
const RENEW_AT: f64 = 2.0 / 3.0;

/// How the Vault provider gets a token. `Debug` shows the method and names, never a credential.
#[derive(Clone)]
pub enum VaultAuth {
    /// A token given as it is (`VAULT_TOKEN`).
    Token {
        /// The token.
        token: Secret<String>,
    },
    /// AppRole login (`VAULT_ROLE_ID`, `VAULT_SECRET_ID`).
    AppRole {
        /// Role id.
        role_id: String,
        /// Secret id.
        secret_id: Secret<String>,
        /// Auth mount (default `approle`).
        mount: String,
    },
    /// Kubernetes login with the service-account JWT, read afresh at each login.
    Kubernetes {
        /// The Vault role.
        role: String,
        /// The JWT file.
        jwt_path: PathBuf,
        /// Auth mount (default `kubernetes`).
        mount: String,
    },
}

impl VaultAuth {
    /// `token`, `approle` or `kubernetes`.
    pub fn method(&self) -> &'static str {
        match self {
            VaultAuth::Token { .. } => "token",
            VaultAuth::AppRole { .. } => "approle",
            VaultAuth::Kubernetes { .. } => "kubernetes",
        }
    }
}

impl fmt::Debug for VaultAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VaultAuth::Token { .. } => f.write_str("VaultAuth::Token { token: [REDACTED] }"),
            VaultAuth::AppRole { mount, .. } => {
                write!(f, "VaultAuth::AppRole {{ mount: {mount:?}, role_id: [REDACTED], secret_id: [REDACTED] }}")
            }
            VaultAuth::Kubernetes {
                role,
                jwt_path,
                mount,
            } => f
                .debug_struct("VaultAuth::Kubernetes")
                .field("role", role)
                .field("jwt_path", jwt_path)
                .field("mount", mount)
                .finish(),
        }
    }
}

struct State {
    token: Option<Secret<String>>,
    renew_at: Option<Instant>,
    renewer: Option<tokio::task::JoinHandle<()>>,
}

/// The token of one Vault provider, kept valid. Logins and renewals are single flight (one
/// lock), and a background task renews a renewable token before it expires.
pub struct VaultSession {
    http: reqwest::Client,
    base: String,
    namespace: Option<String>,
    auth: VaultAuth,
    /// Every method selection considered, for the AUTH_FAILED message.
    tried: Vec<String>,
    state: Mutex<State>,
}

impl VaultSession {
    pub(crate) fn new(
        http: reqwest::Client,
        base: String,
        namespace: Option<String>,
        auth: VaultAuth,
        tried: Vec<String>,
    ) -> Arc<Self> {
        Arc::new(VaultSession {
            http,
            base,
            namespace,
            auth,
            tried,
            state: Mutex::new(State {
                token: None,
                renew_at: None,
                renewer: None,
            }),
        })
    }

    /// True when a fresh login can replace a refused token (not for a static token).
    pub fn can_login(&self) -> bool {
        !matches!(self.auth, VaultAuth::Token { .. })
    }

    /// A usable token: logs in on first use, renews when due.
    pub async fn token(self: &Arc<Self>) -> Result<Secret<String>, SecretsError> {
        let mut state = self.state.lock().await;
        let due = state.renew_at.is_some_and(|at| Instant::now() >= at);
        match (&state.token, due) {
            (Some(token), false) => Ok(token.clone()),
            (Some(_), true) => {
                self.renew(&mut state).await?;
                Ok(state.token.clone().expect("renewed token"))
            }
            (None, _) => {
                self.login(&mut state).await?;
                Ok(state.token.clone().expect("logged-in token"))
            }
        }
    }

    /// Forgets the token after a 403, so the next read logs in again.
    pub async fn relogin(self: &Arc<Self>) -> Result<Secret<String>, SecretsError> {
        self.state.lock().await.token = None;
        self.token().await
    }

    async fn login(self: &Arc<Self>, state: &mut State) -> Result<(), SecretsError> {
        let outcome = match &self.auth {
            VaultAuth::Token { token } => {
                let body = self
                    .call(
                        reqwest::Method::GET,
                        "auth/token/lookup-self",
                        Some(token),
                        None,
                    )
                    .await;
                body.map(|b| {
                    let data = &b["data"];
                    (
                        token.clone(),
                        data["ttl"].as_u64().unwrap_or(0),
                        data["renewable"].as_bool().unwrap_or(false),
                    )
                })
            }
            VaultAuth::AppRole {
                role_id,
                secret_id,
                mount,
            } => {
                let body = json!({ "role_id": role_id, "secret_id": secret_id.expose() });
                self.login_with(mount, body).await
            }
            VaultAuth::Kubernetes {
                role,
                jwt_path,
                mount,
            } => match tokio::fs::read_to_string(jwt_path).await {
                Ok(jwt) => {
                    self.login_with(mount, json!({ "role": role, "jwt": jwt.trim() }))
                        .await
                }
                Err(_) => Err(SecretsError::new(
                    ErrorCode::AuthFailed,
                    format!(
                        "vault: cannot read the service-account token at {}",
                        jwt_path.display()
                    ),
                )
                .with_provider("vault")),
            },
        };
        match outcome {
            Ok((token, ttl, renewable)) => {
                state.token = Some(token);
                self.schedule(state, ttl, renewable || self.can_login());
                Ok(())
            }
            Err(error) => Err(self.auth_failed(error)),
        }
    }

    async fn login_with(
        &self,
        mount: &str,
        body: Value,
    ) -> Result<(Secret<String>, u64, bool), SecretsError> {
        let answer = self
            .call(
                reqwest::Method::POST,
                &format!("auth/{mount}/login"),
                None,
                Some(body),
            )
            .await?;
        adopt(&answer)
    }

    async fn renew(self: &Arc<Self>, state: &mut State) -> Result<(), SecretsError> {
        let token = state.token.clone();
        let renewed = self
            .call(
                reqwest::Method::POST,
                "auth/token/renew-self",
                token.as_ref(),
                Some(json!({})),
            )
            .await
            .and_then(|b| adopt(&b));
        match renewed {
            Ok((_, ttl, renewable)) => {
                self.schedule(state, ttl, renewable || self.can_login());
                Ok(())
            }
            // A token past its max TTL cannot be renewed: log in again instead.
            Err(_) if self.can_login() => self.login(state).await,
            Err(error) => {
                state.renew_at = None;
                Err(self.auth_failed(error))
            }
        }
    }

    fn schedule(self: &Arc<Self>, state: &mut State, ttl_seconds: u64, renewable: bool) {
        // A TTL of 0 never expires (root, dev servers): nothing to renew.
        state.renew_at = (ttl_seconds > 0 && renewable)
            .then(|| Instant::now() + Duration::from_secs_f64(ttl_seconds as f64 * RENEW_AT));
        if let Some(old) = state.renewer.take() {
            old.abort();
        }
        if let Some(at) = state.renew_at {
            let weak: Weak<Self> = Arc::downgrade(self);
            state.renewer = tokio::runtime::Handle::try_current().ok().map(|rt| {
                rt.spawn(async move {
                    tokio::time::sleep_until(at).await;
                    if let Some(session) = weak.upgrade() {
                        if let Err(error) = session.token().await {
                            log::warn!(target: "locksmith", "event=token_renewal_failed provider=vault code={}", error.code());
                        }
                    }
                })
            });
        }
    }

    fn auth_failed(&self, error: SecretsError) -> SecretsError {
        if error.retryable() {
            return error;
        }
        SecretsError::new(
            ErrorCode::AuthFailed,
            format!(
                "vault: {} login failed ({}); methods tried: {}",
                self.auth.method(),
                error.code(),
                self.tried.join(", ")
            ),
        )
        .with_provider("vault")
    }

    /// One Vault API call; `path` is under `/v1/`.
    pub(crate) async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&Secret<String>>,
        body: Option<Value>,
    ) -> Result<Value, SecretsError> {
        let mut request = self
            .http
            .request(method, format!("{}/v1/{path}", self.base));
        if let Some(token) = token {
            request = request.header("X-Vault-Token", token.expose().as_str());
        }
        if let Some(ns) = &self.namespace {
            request = request.header("X-Vault-Namespace", ns.as_str());
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        let response = request
            .send()
            .await
            .map_err(|e| vault_errors::from_transport(&e, None))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(vault_errors::from_status(status, None));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| vault_errors::from_transport(&e, None))?;
        if bytes.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&bytes)
            .map_err(|_| vault_errors::malformed("the answer is not JSON", None))
    }
}

impl Drop for VaultSession {
    fn drop(&mut self) {
        if let Some(renewer) = self.state.get_mut().renewer.take() {
            renewer.abort();
        }
    }
}

impl fmt::Debug for VaultSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VaultSession")
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

fn adopt(body: &Value) -> Result<(Secret<String>, u64, bool), SecretsError> {
    let auth = &body["auth"];
    let token = auth["client_token"]
        .as_str()
        .ok_or_else(|| vault_errors::malformed("the login answer has no client_token", None))?;
    Ok((
        Secret::new(token.to_owned()),
        auth["lease_duration"].as_u64().unwrap_or(0),
        auth["renewable"].as_bool().unwrap_or(false),
    ))
}
