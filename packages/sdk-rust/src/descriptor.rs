//! The `ServiceDescriptor` JSON of `packages/schema/src/descriptor.ts`: the slice of the catalog
//! one service needs at runtime. Generated modules embed it as a JSON string literal.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::errors::{ErrorCode, SecretsError};

/// What one service needs to fetch, validate and rotate its secrets.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDescriptor {
    /// The catalog's project.
    pub project: String,
    /// The service name.
    pub service: String,
    /// sha256 of the catalog the descriptor came from.
    pub catalog_hash: String,
    /// The environments the service runs in.
    pub environments: BTreeMap<String, EnvironmentDescriptor>,
    /// Store settings.
    #[serde(default)]
    pub providers: ProvidersDescriptor,
    /// The secrets the service reads, by name.
    pub secrets: BTreeMap<String, SecretDescriptor>,
}

impl ServiceDescriptor {
    /// Parses the JSON codegen writes into a generated module.
    pub fn from_json(text: &str) -> Result<Self, SecretsError> {
        // serde_json's messages quote the input; a descriptor holds no value, but the error
        // stays position-only all the same.
        serde_json::from_str(text).map_err(|e| {
            SecretsError::new(
                ErrorCode::Configuration,
                format!(
                    "the service descriptor is not valid (line {}, column {}): regenerate it with `locksmith gen`",
                    e.line(),
                    e.column()
                ),
            )
        })
    }
}

/// Where services read secrets at runtime in an environment.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeSource {
    /// The placement's store (AWS or Vault).
    Store,
    /// Environment variables.
    Env,
    /// Mounted files.
    Files,
}

/// One environment of the service.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct EnvironmentDescriptor {
    /// Where values come from there.
    pub source: RuntimeSource,
    /// Production environments warn when values come from environment variables.
    pub production: bool,
}

/// Store settings from the catalog.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct ProvidersDescriptor {
    /// AWS Secrets Manager.
    pub aws: Option<AwsDescriptor>,
    /// Vault KV v2.
    pub vault: Option<VaultDescriptor>,
}

/// AWS settings.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AwsDescriptor {
    /// Region of the secrets.
    pub region: String,
    /// Account that holds them.
    pub account_id: String,
}

/// How a service logs in to Vault.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum VaultAuthMethod {
    /// Kubernetes service-account JWT.
    Kubernetes,
    /// AppRole role id and secret id.
    Approle,
    /// A token given as it is.
    Token,
}

impl VaultAuthMethod {
    /// The catalog's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            VaultAuthMethod::Kubernetes => "kubernetes",
            VaultAuthMethod::Approle => "approle",
            VaultAuthMethod::Token => "token",
        }
    }
}

/// Vault settings.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VaultDescriptor {
    /// KV v2 mount.
    pub mount: String,
    /// Enterprise namespace.
    pub namespace: Option<String>,
    /// The catalog's auth method.
    pub auth_method: VaultAuthMethod,
    /// The auth method's mount.
    pub auth_mount: String,
    /// The role this service logs in with, per environment.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
}

/// A scalar type of a field.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ScalarType {
    /// Text.
    String,
    /// A whole number (64-bit).
    Integer,
    /// A finite number.
    Number,
    /// `true` or `false`.
    Boolean,
}

/// One value that travels as one environment variable.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct FieldDescriptor {
    /// The property name; `None` for a string secret's single value.
    pub name: Option<String>,
    /// The environment variable (and mounted file name).
    pub env: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: ScalarType,
    /// Whether it must be present.
    pub required: bool,
    /// The catalog default.
    pub default: Option<serde_json::Value>,
}

impl FieldDescriptor {
    /// Key of the field in a fields map: the name, or `""` for a string secret.
    pub fn key(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }
}

/// A store.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum StoreName {
    /// AWS Secrets Manager.
    Aws,
    /// Vault KV v2.
    Vault,
}

/// Where a secret lives in one environment.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct PlacementDescriptor {
    /// The store.
    pub provider: StoreName,
    /// AWS secret name, or Vault path under the mount.
    pub path: String,
}

/// Rotation strategy.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RotationStrategy {
    /// The store rotates it (AWS rotation Lambda).
    Managed,
    /// Two keys are valid during an overlap.
    DualKey,
    /// A person rotates it.
    Manual,
}

/// Rotation settings.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RotationDescriptor {
    /// How it rotates.
    pub strategy: RotationStrategy,
    /// Interval between rotations.
    pub every_ms: Option<u64>,
    /// How long the previous version stays valid after the current one was created.
    pub overlap_ms: Option<u64>,
}

/// A secret's shape.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SecretKind {
    /// A single string value.
    String,
    /// Named scalar fields.
    Object,
}

/// One secret the service reads.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SecretDescriptor {
    /// The catalog name.
    pub name: String,
    /// String or object.
    pub kind: SecretKind,
    /// The value schema (JSON Schema subset of the catalog).
    pub schema: serde_json::Value,
    /// Its fields.
    pub fields: Vec<FieldDescriptor>,
    /// Rotation settings.
    pub rotation: RotationDescriptor,
    /// Cache TTL from the catalog.
    pub cache_ttl_ms: Option<u64>,
    /// Where it lives, per environment.
    #[serde(default)]
    pub placements: BTreeMap<String, PlacementDescriptor>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_descriptor_codegen_writes() {
        let text = r#"{"project":"shop","service":"ledger-rs","catalogHash":"ab",
          "environments":{"dev":{"source":"env","production":false},"prod":{"source":"store","production":true}},
          "providers":{"aws":{"region":"us-east-1","accountId":"1"},
            "vault":{"mount":"secret","authMethod":"kubernetes","authMount":"kubernetes","roles":{"prod":"r"}}},
          "secrets":{"jwt":{"name":"jwt","kind":"string","schema":{"type":"string","minLength":3},
            "fields":[{"name":null,"env":"JWT","type":"string","required":true}],
            "rotation":{"strategy":"dual-key","everyMs":10,"overlapMs":5},
            "placements":{"prod":{"provider":"vault","path":"shop/prod/jwt"}}}}}"#;
        let d = ServiceDescriptor::from_json(text).unwrap();
        assert_eq!(d.service, "ledger-rs");
        assert_eq!(d.environments["prod"].source, RuntimeSource::Store);
        let jwt = &d.secrets["jwt"];
        assert_eq!(jwt.rotation.strategy, RotationStrategy::DualKey);
        assert_eq!(jwt.rotation.overlap_ms, Some(5));
        assert_eq!(jwt.fields[0].key(), "");
        assert_eq!(jwt.placements["prod"].provider, StoreName::Vault);
        assert_eq!(
            d.providers.vault.unwrap().auth_method,
            VaultAuthMethod::Kubernetes
        );
    }

    #[test]
    fn a_broken_descriptor_is_a_configuration_error_with_a_position() {
        let e = ServiceDescriptor::from_json("{\"project\": 1}").unwrap_err();
        assert_eq!(e.code(), ErrorCode::Configuration);
        assert!(e.message().contains("line 1"));
    }
}
