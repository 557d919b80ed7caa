//! HashiCorp Vault KV v2 over its HTTP API (reqwest; see docs/rust.md for why not `vaultrs`).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use futures_util::future::{join_all, BoxFuture, FutureExt};
use serde_json::Value;

use super::vault_auth::VaultSession;
use super::{vault_errors, CallContext, FetchRequest, FetchResult, Provider, Stage, VaultAuth};
use crate::decode::{RawValue, RawVersion};
use crate::errors::{ErrorCode, SecretsError};
use crate::redact::scrub;

/// Key under which a string secret is stored in its KV v2 entry (`vault kv put secret/x value=…`).
pub const VAULT_STRING_KEY: &str = "value";

/// Options of the Vault provider.
#[derive(Clone, Debug)]
pub struct VaultProviderOptions {
    /// Vault address (`VAULT_ADDR`), e.g. `https://vault.example:8200`.
    pub address: String,
    /// KV v2 mount (default `secret`).
    pub mount: String,
    /// Enterprise namespace, sent as `X-Vault-Namespace` (`VAULT_NAMESPACE`).
    pub namespace: Option<String>,
    /// How to get a token.
    pub auth: VaultAuth,
    /// The auth selections considered, named in an AUTH_FAILED message.
    pub tried: Vec<String>,
    /// Timeout of one HTTP request (default 5 s); the call's own deadline usually ends it first.
    pub request_timeout: Duration,
}

impl VaultProviderOptions {
    /// Options for `address` and `auth`, with the defaults for the rest.
    pub fn new(address: impl Into<String>, auth: VaultAuth) -> Self {
        let tried = vec![auth.method().to_owned()];
        VaultProviderOptions {
            address: address.into(),
            mount: "secret".into(),
            namespace: None,
            auth,
            tried,
            request_timeout: Duration::from_secs(5),
        }
    }
}

/// Vault KV v2. Current: `GET <mount>/data/<path>`. Previous: the newest version below
/// `current_version` (from `<mount>/metadata/<path>`) that is neither deleted nor destroyed,
/// read with `?version=N`. An object secret is the entry's map; a string secret its `value` key.
pub struct VaultProvider {
    session: Arc<VaultSession>,
    mount: String,
}

impl fmt::Debug for VaultProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VaultProvider")
            .field("mount", &self.mount)
            .field("session", &self.session)
            .finish()
    }
}

impl VaultProvider {
    /// A provider; nothing is sent until the first fetch.
    pub fn new(options: VaultProviderOptions) -> Result<Self, SecretsError> {
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(crate::tls::client_config())
            .connect_timeout(Duration::from_secs(2))
            .timeout(options.request_timeout)
            .build()
            .map_err(|_| {
                SecretsError::new(
                    ErrorCode::Configuration,
                    "vault: the HTTP client could not be built",
                )
                .with_provider("vault")
            })?;
        let base = options.address.trim_end_matches('/').to_owned();
        if url::Url::parse(&base).is_err() {
            return Err(SecretsError::new(
                ErrorCode::Configuration,
                "vault: VAULT_ADDR is not a URL (e.g. https://vault.example:8200)",
            )
            .with_provider("vault"));
        }
        let session = VaultSession::new(http, base, options.namespace, options.auth, options.tried);
        Ok(VaultProvider {
            session,
            mount: options.mount,
        })
    }

    /// Reads with a valid token; a 403 is retried once after a fresh login (Vault answers 403
    /// for a revoked or expired token as well as for a policy denial).
    async fn read(&self, path: &str) -> Result<Value, SecretsError> {
        let token = self.session.token().await?;
        match self
            .session
            .call(reqwest::Method::GET, path, Some(&token), None)
            .await
        {
            Err(e) if e.code() == ErrorCode::AccessDenied && self.session.can_login() => {
                let token = self.session.relogin().await?;
                self.session
                    .call(reqwest::Method::GET, path, Some(&token), None)
                    .await
            }
            other => other,
        }
    }

    async fn read_version(&self, request: &FetchRequest, version: Option<u64>) -> FetchResult {
        let query = version.map(|v| format!("?version={v}")).unwrap_or_default();
        let mut body = self
            .read(&format!(
                "{}/data/{}{query}",
                self.mount,
                encode_path(&request.placement.path)
            ))
            .await?;
        let result = to_version(request, &body);
        scrub(&mut body);
        result
    }

    async fn previous_version(&self, request: &FetchRequest) -> Result<u64, SecretsError> {
        let body = self
            .read(&format!(
                "{}/metadata/{}",
                self.mount,
                encode_path(&request.placement.path)
            ))
            .await?;
        let data = &body["data"];
        let current = data["current_version"]
            .as_u64()
            .ok_or_else(|| vault_errors::malformed("metadata lacks current_version", None))?;
        (1..current)
            .rev()
            .find(|v| {
                let entry = &data["versions"][v.to_string()];
                entry.is_object()
                    && entry["destroyed"].as_bool() != Some(true)
                    && entry["deletion_time"].as_str().is_none_or(str::is_empty)
            })
            .ok_or_else(|| {
                SecretsError::new(ErrorCode::NotFound, "vault: no live previous version")
                    .with_provider("vault")
            })
    }

    async fn fetch_one(&self, request: &FetchRequest, ctx: &CallContext) -> FetchResult {
        let secret = request.secret.name.as_str();
        let work = async {
            match request.stage {
                Stage::Current => self.read_version(request, None).await,
                Stage::Previous => {
                    let version = self.previous_version(request).await?;
                    self.read_version(request, Some(version)).await
                }
                Stage::Pending => Err(SecretsError::new(
                    ErrorCode::InvalidRequest,
                    "vault: KV v2 has no pending stage",
                )
                .with_provider("vault")),
            }
        };
        ctx.run(Some(secret), work)
            .await
            .map_err(|e| e.for_secret(secret))
    }
}

fn to_version(request: &FetchRequest, body: &Value) -> FetchResult {
    let data = &body["data"]["data"];
    let meta = &body["data"]["metadata"];
    let (Some(map), Some(version)) = (data.as_object(), meta["version"].as_u64()) else {
        return Err(vault_errors::malformed(
            "the KV v2 answer lacks data or metadata.version",
            None,
        ));
    };
    let created_at = meta["created_time"]
        .as_str()
        .and_then(|t| DateTime::from_str(t, Format::DateTimeWithOffset).ok())
        .and_then(|d| SystemTime::try_from(d).ok());
    let value = match request.secret.kind {
        crate::descriptor::SecretKind::Object => RawValue::Text(data.to_string()),
        crate::descriptor::SecretKind::String => match map.get(VAULT_STRING_KEY) {
            Some(Value::String(text)) => RawValue::Text(text.clone()),
            _ => {
                return Err(SecretsError::new(
                    ErrorCode::ValidationFailed,
                    format!("vault: string secret has no \"{VAULT_STRING_KEY}\" key"),
                )
                .with_provider("vault")
                .with_field(format!("/{VAULT_STRING_KEY}"), "required"))
            }
        },
    };
    Ok(RawVersion {
        version_id: version.to_string(),
        value,
        created_at,
    })
}

/// Percent-encodes each segment of a catalog path, keeping the slashes.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            url::form_urlencoded::byte_serialize(segment.as_bytes())
                .collect::<String>()
                .replace('+', "%20")
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl Provider for VaultProvider {
    fn name(&self) -> &str {
        "vault"
    }

    fn max_batch_size(&self) -> usize {
        50
    }

    fn fetch<'a>(
        &'a self,
        requests: &'a [FetchRequest],
        ctx: &'a CallContext,
    ) -> BoxFuture<'a, Vec<FetchResult>> {
        join_all(requests.iter().map(|r| self.fetch_one(r, ctx))).boxed()
    }
}
