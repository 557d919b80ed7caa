//! The stores a contract runs against, seen from a test: how to write a secret through the
//! store's own API, and the provider under test.

use std::sync::Arc;

use aws_sdk_secretsmanager::Client;
use locksmith_sdk::providers::aws::{AwsCredentials, AwsProvider, AwsProviderOptions};
use locksmith_sdk::providers::vault::{VaultProvider, VaultProviderOptions};
use locksmith_sdk::providers::{Provider, VaultAuth};
use locksmith_sdk::Secret;
use serde_json::{json, Value};

use super::fake::http_client;

/// Where a store keeps data, and the provider that reads it.
pub enum Store {
    Aws {
        provider: Arc<AwsProvider>,
        fake_target: Option<&'static str>,
    },
    Vault {
        provider: Arc<VaultProvider>,
        endpoint: String,
        token: String,
    },
}

impl Store {
    pub async fn aws(endpoint: &str, region: &str, key: (String, String), faults: bool) -> Store {
        let provider = AwsProvider::new(AwsProviderOptions {
            region: Some(region.to_owned()),
            endpoint: Some(endpoint.to_owned()),
            credentials: Some(AwsCredentials {
                access_key_id: key.0,
                secret_access_key: key.1,
                session_token: None,
            }),
            ..AwsProviderOptions::default()
        })
        .await;
        Store::Aws {
            provider: Arc::new(provider),
            fake_target: faults.then_some("aws"),
        }
    }

    pub fn vault(endpoint: &str, token: &str) -> Store {
        let auth = VaultAuth::Token {
            token: Secret::new(token.to_owned()),
        };
        let provider =
            VaultProvider::new(VaultProviderOptions::new(endpoint, auth)).expect("vault provider");
        Store::Vault {
            provider: Arc::new(provider),
            endpoint: endpoint.to_owned(),
            token: token.to_owned(),
        }
    }

    pub fn provider(&self) -> Arc<dyn Provider> {
        match self {
            Store::Aws { provider, .. } => Arc::clone(provider) as Arc<dyn Provider>,
            Store::Vault { provider, .. } => Arc::clone(provider) as Arc<dyn Provider>,
        }
    }

    /// `aws` or `vault`, the admin API's target name.
    pub fn target(&self) -> &'static str {
        match self {
            Store::Aws { .. } => "aws",
            Store::Vault { .. } => "vault",
        }
    }

    pub fn supports_faults(&self) -> bool {
        match self {
            Store::Aws { fake_target, .. } => fake_target.is_some(),
            Store::Vault { .. } => true,
        }
    }

    /// Writes a new version through the store's own API (never around it).
    pub async fn write(&self, path: &str, value: &Value) {
        match self {
            Store::Aws { provider, .. } => {
                let text = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                write_aws(provider.client(), path, &text).await;
            }
            Store::Vault {
                endpoint, token, ..
            } => {
                let data = match value {
                    Value::String(s) => json!({ "value": s }),
                    other => other.clone(),
                };
                let response = http_client()
                    .post(format!("{endpoint}/v1/secret/data/{path}"))
                    .header("X-Vault-Token", token.as_str())
                    .header("content-type", "application/json")
                    .body(json!({ "data": data }).to_string())
                    .send()
                    .await
                    .expect("vault write");
                assert!(
                    response.status().is_success(),
                    "vault write {path}: {}",
                    response.status()
                );
            }
        }
    }
}

pub async fn write_aws(client: &Client, path: &str, text: &str) {
    let put = client
        .put_secret_value()
        .secret_id(path)
        .secret_string(text)
        .send()
        .await;
    if let Err(error) = put {
        let missing = error
            .as_service_error()
            .is_some_and(|e| e.is_resource_not_found_exception());
        assert!(
            missing,
            "PutSecretValue {path} failed: {}",
            aws_sdk_secretsmanager::error::DisplayErrorContext(&error)
        );
        client
            .create_secret()
            .name(path)
            .secret_string(text)
            .send()
            .await
            .expect("CreateSecret");
    }
}
