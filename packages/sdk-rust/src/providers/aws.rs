//! AWS Secrets Manager through the official `aws-sdk-secretsmanager` crate.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_secretsmanager::config::Credentials;
use aws_sdk_secretsmanager::primitives::{Blob, DateTime};
use aws_sdk_secretsmanager::Client;
use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider as TlsProvider};
use futures_util::future::{join_all, BoxFuture, FutureExt};

use super::aws_errors::{code_of, from_sdk_error};
use super::{CallContext, FetchRequest, FetchResult, Provider, Stage};
use crate::decode::{RawValue, RawVersion};
use crate::errors::{ErrorCode, SecretsError};

/// Most secrets one BatchGetSecretValue call may name.
pub const AWS_MAX_BATCH: usize = 20;

/// Options of the AWS provider. Region, endpoint and credentials default to the SDK's own chain
/// (`AWS_REGION`, `AWS_ENDPOINT_URL_SECRETS_MANAGER`, the credentials chain).
#[derive(Clone, Default)]
pub struct AwsProviderOptions {
    /// Region (default: the catalog's, else the SDK chain's).
    pub region: Option<String>,
    /// Endpoint override (tests, moto, VPC endpoints).
    pub endpoint: Option<String>,
    /// Static credentials (tests); default: the SDK chain.
    pub credentials: Option<AwsCredentials>,
    /// Connect timeout of one HTTP attempt (default 2 s).
    pub connect_timeout: Option<Duration>,
    /// Timeout of one HTTP attempt (default 5 s).
    pub attempt_timeout: Option<Duration>,
}

impl fmt::Debug for AwsProviderOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsProviderOptions")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "[REDACTED]"),
            )
            .finish()
    }
}

/// Static AWS credentials.
#[derive(Clone)]
pub struct AwsCredentials {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
    /// Session token, for temporary credentials.
    pub session_token: Option<String>,
}

/// AWS Secrets Manager. Current values of several secrets come from `BatchGetSecretValue`
/// (20 a call); one secret, or another stage, from `GetSecretValue`.
///
/// The SDK client is built with retries disabled: the runtime owns retries (backoff, jitter,
/// breaker), and the SDK's own loop would multiply them (3 × 3 = 9 requests for one call).
pub struct AwsProvider {
    client: Client,
}

impl fmt::Debug for AwsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AwsProvider { .. }")
    }
}

impl AwsProvider {
    /// Builds the SDK client: rustls on ring, no SDK retries, bounded attempts.
    pub async fn new(options: AwsProviderOptions) -> Self {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(TlsProvider::Rustls(CryptoMode::Ring))
            .build_https();
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(options.connect_timeout.unwrap_or(Duration::from_secs(2)))
            .operation_attempt_timeout(options.attempt_timeout.unwrap_or(Duration::from_secs(5)))
            .build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http)
            .retry_config(RetryConfig::disabled())
            .timeout_config(timeouts);
        if let Some(region) = options.region {
            loader = loader.region(Region::new(region));
        }
        if let Some(endpoint) = options.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        if let Some(c) = options.credentials {
            loader = loader.credentials_provider(Credentials::new(
                c.access_key_id,
                c.secret_access_key,
                c.session_token,
                None,
                "locksmith-static",
            ));
        }
        let config = loader.load().await;
        AwsProvider {
            client: Client::new(&config),
        }
    }

    /// Wraps a client you built yourself (then its retry settings are yours to keep at one attempt).
    pub fn from_client(client: Client) -> Self {
        AwsProvider { client }
    }

    /// The SDK client (tests write secrets through it).
    pub fn client(&self) -> &Client {
        &self.client
    }

    async fn get_one(&self, request: &FetchRequest, ctx: &CallContext) -> FetchResult {
        let secret = request.secret.name.as_str();
        let stage = match request.stage {
            Stage::Current => "AWSCURRENT",
            Stage::Previous => "AWSPREVIOUS",
            Stage::Pending => "AWSPENDING",
        };
        let call = self
            .client
            .get_secret_value()
            .secret_id(&request.placement.path)
            .version_stage(stage)
            .send();
        ctx.run(Some(secret), async {
            match call.await {
                Ok(out) => to_version(
                    out.version_id(),
                    out.secret_string(),
                    out.secret_binary(),
                    out.created_date(),
                )
                .map_err(|e| e.for_secret(secret)),
                Err(error) => Err(from_sdk_error(&error, Some(secret))),
            }
        })
        .await
    }

    /// One BatchGetSecretValue exchange (following NextToken), answered per request.
    async fn get_batch(
        &self,
        requests: &[&FetchRequest],
        ctx: &CallContext,
    ) -> Result<Vec<FetchResult>, SecretsError> {
        let ids: Vec<String> = requests.iter().map(|r| r.placement.path.clone()).collect();
        let mut by_id: HashMap<String, FetchResult> = HashMap::new();
        let mut next: Option<String> = None;
        loop {
            let call = self
                .client
                .batch_get_secret_value()
                .set_secret_id_list(Some(ids.clone()))
                .set_next_token(next.take())
                .send();
            let out = ctx
                .run(None, async {
                    call.await.map_err(|e| from_sdk_error(&e, None))
                })
                .await?;
            for entry in out.secret_values() {
                for id in [entry.name(), entry.arn()].into_iter().flatten() {
                    let version = to_version(
                        entry.version_id(),
                        entry.secret_string(),
                        entry.secret_binary(),
                        entry.created_date(),
                    );
                    by_id.insert(id.to_owned(), version);
                }
            }
            for error in out.errors() {
                let Some(id) = error.secret_id() else {
                    continue;
                };
                let name = error.error_code().unwrap_or("unknown");
                let code = code_of(name, error.message().unwrap_or(""), None);
                let failure = SecretsError::new(code, format!("aws: batch entry failed: {name}"))
                    .with_provider("aws");
                by_id.insert(id.to_owned(), Err(failure));
            }
            match out.next_token() {
                Some(token) if !token.is_empty() => next = Some(token.to_owned()),
                _ => break,
            }
        }
        Ok(requests
            .iter()
            .map(|r| {
                let secret = r.secret.name.as_str();
                match by_id.remove(&r.placement.path) {
                    Some(Ok(version)) => Ok(version),
                    Some(Err(error)) => Err(error.for_secret(secret)),
                    None => Err(SecretsError::new(
                        ErrorCode::MalformedResponse,
                        format!("aws: batch response omitted secret \"{secret}\""),
                    )
                    .with_secret(secret)
                    .with_provider("aws")),
                }
            })
            .collect())
    }

    async fn fetch_all(&self, requests: &[FetchRequest], ctx: &CallContext) -> Vec<FetchResult> {
        let current: Vec<usize> = (0..requests.len())
            .filter(|&i| requests[i].stage == Stage::Current)
            .collect();
        let mut results: Vec<Option<FetchResult>> = (0..requests.len()).map(|_| None).collect();
        if current.len() >= 2 {
            let batch: Vec<&FetchRequest> = current.iter().map(|&i| &requests[i]).collect();
            let answers = match self.get_batch(&batch, ctx).await {
                Ok(answers) => answers,
                // A policy that grants GetSecretValue but not BatchGetSecretValue still works,
                // one call per secret.
                Err(e) if e.code() == ErrorCode::AccessDenied => {
                    join_all(batch.iter().map(|r| self.get_one(r, ctx))).await
                }
                Err(e) => batch
                    .iter()
                    .map(|r| Err(e.for_secret(&r.secret.name)))
                    .collect(),
            };
            for (&i, answer) in current.iter().zip(answers) {
                results[i] = Some(answer);
            }
        }
        let singles = (0..requests.len())
            .filter(|&i| results[i].is_none())
            .collect::<Vec<_>>();
        let answers = join_all(singles.iter().map(|&i| self.get_one(&requests[i], ctx))).await;
        for (i, answer) in singles.into_iter().zip(answers) {
            results[i] = Some(answer);
        }
        results
            .into_iter()
            .map(|r| r.expect("every request answered"))
            .collect()
    }
}

fn to_version(
    version_id: Option<&str>,
    text: Option<&str>,
    binary: Option<&Blob>,
    created: Option<&DateTime>,
) -> FetchResult {
    let malformed = |what: &str| {
        SecretsError::new(
            ErrorCode::MalformedResponse,
            format!("aws: response has {what}"),
        )
        .with_provider("aws")
    };
    let version_id = version_id
        .filter(|v| !v.is_empty())
        .ok_or_else(|| malformed("no VersionId"))?;
    let value = match (text, binary) {
        (Some(text), _) => RawValue::Text(text.to_owned()),
        (None, Some(blob)) => RawValue::Binary(blob.as_ref().to_vec()),
        (None, None) => return Err(malformed("neither SecretString nor SecretBinary")),
    };
    Ok(RawVersion {
        version_id: version_id.to_owned(),
        value,
        created_at: created.and_then(|d| SystemTime::try_from(*d).ok()),
    })
}

impl Provider for AwsProvider {
    fn name(&self) -> &str {
        "aws"
    }

    fn max_batch_size(&self) -> usize {
        AWS_MAX_BATCH
    }

    fn fetch<'a>(
        &'a self,
        requests: &'a [FetchRequest],
        ctx: &'a CallContext,
    ) -> BoxFuture<'a, Vec<FetchResult>> {
        self.fetch_all(requests, ctx).boxed()
    }
}
