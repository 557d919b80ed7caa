//! Chooses a provider per secret: the forced one (option or `LOCKSMITH_PROVIDER`), else the
//! environment's `source`; `store` means the placement's own store. Built-ins are made once.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::descriptor::{
    RuntimeSource, SecretDescriptor, ServiceDescriptor, StoreName, VaultAuthMethod, VaultDescriptor,
};
use crate::errors::{ErrorCode, SecretsError};
use crate::options::{ClientOptions, ProviderChoice, ProviderKind, DEFAULT_FILES_ROOT};
use crate::providers::aws::{AwsCredentials, AwsProvider, AwsProviderOptions};
use crate::providers::env::EnvProvider;
use crate::providers::fallback::FallbackProvider;
use crate::providers::files::{FilesProvider, FilesProviderOptions};
use crate::providers::vault::{VaultProvider, VaultProviderOptions};
use crate::providers::{Provider, VaultAuth};
use crate::redact::Secret;

/// Default path of the Kubernetes service-account token, overridable with
/// `LOCKSMITH_VAULT_JWT_PATH` (or its first name here, `LOCKSMITH_VAULT_SA_TOKEN_PATH`).
pub use crate::providers::DEFAULT_SERVICE_ACCOUNT_TOKEN;

pub(crate) async fn select(
    descriptor: &ServiceDescriptor,
    environment: &str,
    options: &ClientOptions,
) -> Result<BTreeMap<String, Arc<dyn Provider>>, SecretsError> {
    let forced = match &options.provider {
        Some(choice) => Some(choice.clone()),
        None => match options.var("LOCKSMITH_PROVIDER") {
            None => None,
            Some(text) => Some(ProviderChoice::Kind(
                ProviderKind::parse(&text).ok_or_else(|| {
                    SecretsError::new(
                        ErrorCode::Configuration,
                        "LOCKSMITH_PROVIDER must be one of store, aws, vault, env, files",
                    )
                })?,
            )),
        },
    };
    let source = descriptor.environments.get(environment).map(|e| e.source);
    let mut built: HashMap<ProviderKind, Arc<dyn Provider>> = HashMap::new();
    let mut chains: HashMap<String, Arc<dyn Provider>> = HashMap::new();
    let mut by_secret = BTreeMap::new();
    let mut from_env = Vec::new();
    for secret in descriptor.secrets.values() {
        let mut provider = match &forced {
            Some(ProviderChoice::Instance(p)) => Arc::clone(p),
            other => {
                let wanted = match other {
                    Some(ProviderChoice::Kind(kind)) => *kind,
                    _ => match source {
                        Some(RuntimeSource::Env) => ProviderKind::Env,
                        Some(RuntimeSource::Files) => ProviderKind::Files,
                        _ => ProviderKind::Store,
                    },
                };
                let kind = if wanted == ProviderKind::Store {
                    store_of(secret, environment)?
                } else {
                    wanted
                };
                instance(kind, descriptor, environment, options, &mut built).await?
            }
        };
        if !options.fallback.is_empty() {
            let mut chain = vec![Arc::clone(&provider)];
            for kind in &options.fallback {
                let next = instance(*kind, descriptor, environment, options, &mut built).await?;
                if !chain.iter().any(|p| Arc::ptr_eq(p, &next)) {
                    chain.push(next);
                }
            }
            let key = chain.iter().map(|p| p.name()).collect::<Vec<_>>().join(">");
            provider = Arc::clone(
                chains
                    .entry(key)
                    .or_insert_with(|| Arc::new(FallbackProvider::new(chain))),
            );
        }
        if provider.name().split('>').any(|n| n == "env") {
            from_env.push(secret.name.clone());
        }
        by_secret.insert(secret.name.clone(), provider);
    }
    let production = descriptor
        .environments
        .get(environment)
        .is_some_and(|e| e.production);
    if production && !from_env.is_empty() {
        log::warn!(
            target: "locksmith",
            "event=env_provider_in_production environment={environment} secrets={}",
            from_env.join(",")
        );
    }
    Ok(by_secret)
}

fn store_of(secret: &SecretDescriptor, environment: &str) -> Result<ProviderKind, SecretsError> {
    match secret.placements.get(environment) {
        Some(p) if p.provider == StoreName::Aws => Ok(ProviderKind::Aws),
        Some(_) => Ok(ProviderKind::Vault),
        None => Err(SecretsError::new(
            ErrorCode::Configuration,
            format!(
                "secret \"{}\" has no placement in environment \"{environment}\"",
                secret.name
            ),
        )
        .with_secret(&secret.name)),
    }
}

async fn instance(
    kind: ProviderKind,
    descriptor: &ServiceDescriptor,
    environment: &str,
    options: &ClientOptions,
    built: &mut HashMap<ProviderKind, Arc<dyn Provider>>,
) -> Result<Arc<dyn Provider>, SecretsError> {
    if let Some(p) = built.get(&kind).or_else(|| options.providers.get(&kind)) {
        return Ok(Arc::clone(p));
    }
    let provider: Arc<dyn Provider> = match kind {
        ProviderKind::Store => unreachable!("store is resolved to aws or vault first"),
        ProviderKind::Aws => {
            let mut aws: AwsProviderOptions = options.aws.clone();
            if aws.region.is_none() {
                aws.region = descriptor
                    .providers
                    .aws
                    .as_ref()
                    .map(|a| a.region.clone())
                    .or_else(|| options.var("AWS_REGION"));
            }
            // With `vars` in place of the process environment, the AWS settings come from there too.
            if options.vars.is_some() {
                if aws.endpoint.is_none() {
                    aws.endpoint = options.var("AWS_ENDPOINT_URL_SECRETS_MANAGER");
                }
                if let (None, Some(id), Some(key)) = (
                    &aws.credentials,
                    options.var("AWS_ACCESS_KEY_ID"),
                    options.var("AWS_SECRET_ACCESS_KEY"),
                ) {
                    aws.credentials = Some(AwsCredentials {
                        access_key_id: id,
                        secret_access_key: key,
                        session_token: options.var("AWS_SESSION_TOKEN"),
                    });
                }
            }
            Arc::new(AwsProvider::new(aws).await)
        }
        ProviderKind::Vault => {
            let vault = descriptor.providers.vault.as_ref().ok_or_else(|| {
                SecretsError::new(
                    ErrorCode::Configuration,
                    "vault provider needs the catalog's providers.vault block",
                )
            })?;
            let address = options
                .vault_address
                .clone()
                .or_else(|| options.var("VAULT_ADDR"))
                .ok_or_else(|| {
                    SecretsError::new(
                        ErrorCode::Configuration,
                        "vault provider needs VAULT_ADDR (or options.vault_address)",
                    )
                })?;
            let (auth, tried) = vault_auth(vault, environment, options)?;
            let mut vault_options = VaultProviderOptions::new(address, auth);
            vault_options.mount = vault.mount.clone();
            vault_options.namespace = vault
                .namespace
                .clone()
                .or_else(|| options.var("VAULT_NAMESPACE"));
            vault_options.tried = tried;
            Arc::new(VaultProvider::new(vault_options)?)
        }
        ProviderKind::Env => Arc::new(match &options.vars {
            Some(vars) => EnvProvider::from_map(vars.clone()),
            None => EnvProvider::from_process(),
        }),
        ProviderKind::Files => {
            let root = options
                .files_root
                .clone()
                .or_else(|| options.var("LOCKSMITH_FILES_ROOT").map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from(DEFAULT_FILES_ROOT));
            Arc::new(FilesProvider::new(FilesProviderOptions::new(root)))
        }
    };
    built.insert(kind, Arc::clone(&provider));
    Ok(provider)
}

/// The Vault login to use and every selection considered (for the AUTH_FAILED message).
/// `LOCKSMITH_VAULT_AUTH` overrides the catalog; a catalog saying `kubernetes` on a machine
/// without a service-account token but with `VAULT_TOKEN` (local development against
/// `locksmith-fake`) uses the token.
pub(crate) fn vault_auth(
    vault: &VaultDescriptor,
    environment: &str,
    options: &ClientOptions,
) -> Result<(VaultAuth, Vec<String>), SecretsError> {
    let missing = |method: &str, what: &str| {
        SecretsError::new(
            ErrorCode::Configuration,
            format!("vault {method} auth needs {what}"),
        )
        .with_provider("vault")
    };
    let overridden = match options.var("LOCKSMITH_VAULT_AUTH") {
        None => None,
        Some(text) => Some(match text.as_str() {
            "token" => VaultAuthMethod::Token,
            "approle" => VaultAuthMethod::Approle,
            "kubernetes" => VaultAuthMethod::Kubernetes,
            _ => {
                return Err(SecretsError::new(
                    ErrorCode::Configuration,
                    "LOCKSMITH_VAULT_AUTH must be one of token, approle, kubernetes",
                ))
            }
        }),
    };
    // LOCKSMITH_VAULT_JWT_PATH, as in the Go and Python runtimes; the first name this crate
    // read still works.
    let jwt_path = options
        .var("LOCKSMITH_VAULT_JWT_PATH")
        .or_else(|| options.var("LOCKSMITH_VAULT_SA_TOKEN_PATH"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SERVICE_ACCOUNT_TOKEN));
    let token = options.var("VAULT_TOKEN");
    let mut tried = Vec::new();
    let mut method = overridden.unwrap_or(vault.auth_method);
    if overridden.is_some() {
        tried.push(format!("{} (LOCKSMITH_VAULT_AUTH)", method.as_str()));
    } else if method == VaultAuthMethod::Kubernetes && !jwt_path.exists() && token.is_some() {
        tried.push(format!(
            "kubernetes (no service-account token at {})",
            jwt_path.display()
        ));
        method = VaultAuthMethod::Token;
        tried.push("token (VAULT_TOKEN)".into());
    } else {
        tried.push(format!("{} (catalog)", method.as_str()));
    }
    let auth = match method {
        VaultAuthMethod::Token => VaultAuth::Token {
            token: Secret::new(token.ok_or_else(|| missing("token", "VAULT_TOKEN"))?),
        },
        VaultAuthMethod::Approle => VaultAuth::AppRole {
            role_id: options
                .var("VAULT_ROLE_ID")
                .ok_or_else(|| missing("approle", "VAULT_ROLE_ID"))?,
            secret_id: Secret::new(
                options
                    .var("VAULT_SECRET_ID")
                    .ok_or_else(|| missing("approle", "VAULT_SECRET_ID"))?,
            ),
            mount: if vault.auth_method == VaultAuthMethod::Approle {
                vault.auth_mount.clone()
            } else {
                "approle".into()
            },
        },
        VaultAuthMethod::Kubernetes => VaultAuth::Kubernetes {
            role: vault.roles.get(environment).cloned().ok_or_else(|| {
                missing(
                    "kubernetes",
                    &format!("a role for environment \"{environment}\""),
                )
            })?,
            jwt_path,
            mount: if vault.auth_method == VaultAuthMethod::Kubernetes {
                vault.auth_mount.clone()
            } else {
                "kubernetes".into()
            },
        },
    };
    Ok((auth, tried))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault(method: VaultAuthMethod) -> VaultDescriptor {
        VaultDescriptor {
            mount: "secret".into(),
            namespace: None,
            auth_method: method,
            auth_mount: method.as_str().into(),
            roles: [("prod".to_owned(), "shop-prod-api".to_owned())].into(),
        }
    }

    fn options(pairs: &[(&str, &str)]) -> ClientOptions {
        let vars = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ClientOptions {
            vars: Some(vars),
            ..ClientOptions::default()
        }
    }

    #[test]
    fn kubernetes_without_a_service_account_token_uses_vault_token_for_local_development() {
        let opts = options(&[
            ("VAULT_TOKEN", "hvs.dev"),
            ("LOCKSMITH_VAULT_SA_TOKEN_PATH", "/nonexistent/token"),
        ]);
        let (auth, tried) = vault_auth(&vault(VaultAuthMethod::Kubernetes), "prod", &opts).unwrap();
        assert_eq!(auth.method(), "token");
        assert_eq!(
            tried,
            [
                "kubernetes (no service-account token at /nonexistent/token)",
                "token (VAULT_TOKEN)"
            ]
        );
        assert!(!format!("{auth:?}").contains("hvs.dev"));
    }

    #[test]
    fn kubernetes_with_a_service_account_token_logs_in_with_the_environments_role() {
        let file = std::env::temp_dir().join(format!("sa-token-{}", std::process::id()));
        std::fs::write(&file, "jwt").unwrap();
        let opts = options(&[
            ("VAULT_TOKEN", "hvs.dev"),
            ("LOCKSMITH_VAULT_JWT_PATH", file.to_str().unwrap()),
        ]);
        let (auth, _) = vault_auth(&vault(VaultAuthMethod::Kubernetes), "prod", &opts).unwrap();
        std::fs::remove_file(file).unwrap();
        match auth {
            VaultAuth::Kubernetes { role, mount, .. } => assert_eq!(
                (role.as_str(), mount.as_str()),
                ("shop-prod-api", "kubernetes")
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn locksmith_vault_auth_overrides_the_catalog_and_names_what_is_missing() {
        let opts = options(&[
            ("LOCKSMITH_VAULT_AUTH", "approle"),
            ("VAULT_ROLE_ID", "r"),
            ("VAULT_SECRET_ID", "s3cr3t-id"),
        ]);
        let (auth, tried) = vault_auth(&vault(VaultAuthMethod::Kubernetes), "prod", &opts).unwrap();
        assert_eq!(auth.method(), "approle");
        assert_eq!(tried, ["approle (LOCKSMITH_VAULT_AUTH)"]);
        assert!(!format!("{auth:?}").contains("s3cr3t-id"));
        let error =
            vault_auth(&vault(VaultAuthMethod::Approle), "prod", &options(&[])).unwrap_err();
        assert_eq!(error.code(), ErrorCode::Configuration);
        assert!(error.message().contains("VAULT_ROLE_ID"));
        let error = vault_auth(
            &vault(VaultAuthMethod::Token),
            "prod",
            &options(&[("LOCKSMITH_VAULT_AUTH", "ldap")]),
        )
        .unwrap_err();
        assert!(error.message().contains("token, approle, kubernetes"));
    }
}
