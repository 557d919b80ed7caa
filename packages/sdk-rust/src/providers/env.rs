//! Values from the environment variables the catalog names.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use futures_util::future::{ready, BoxFuture, FutureExt};

use super::fingerprint::VersionCounter;
use super::{CallContext, FetchRequest, FetchResult, Provider, Stage};
use crate::decode::{RawValue, RawVersion};
use crate::errors::{ErrorCode, SecretsError};

/// Reads each field from its `env:` variable; an object secret is assembled from several. The
/// version id changes whenever a secret's variables change.
pub struct EnvProvider {
    vars: Option<HashMap<String, String>>,
    versions: VersionCounter,
}

impl fmt::Debug for EnvProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvProvider { .. }")
    }
}

impl EnvProvider {
    /// Reads the process environment at each fetch.
    pub fn from_process() -> Self {
        EnvProvider {
            vars: None,
            versions: VersionCounter::default(),
        }
    }

    /// Reads the given variables (tests).
    pub fn from_map(vars: HashMap<String, String>) -> Self {
        EnvProvider {
            vars: Some(vars),
            versions: VersionCounter::default(),
        }
    }

    fn lookup(&self, name: &str) -> Option<String> {
        match &self.vars {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        }
    }

    fn fetch_one(&self, request: &FetchRequest) -> FetchResult {
        let secret = request.secret.name.as_str();
        let fail = |why: String| {
            Err(SecretsError::new(
                ErrorCode::NotFound,
                format!("env: secret \"{secret}\" {why}"),
            )
            .with_secret(secret)
            .with_provider("env"))
        };
        if request.stage != Stage::Current {
            return fail(format!("has no {} version", request.stage.as_str()));
        }
        let mut fields = BTreeMap::new();
        let mut missing = Vec::new();
        for field in &request.secret.fields {
            match self.lookup(&field.env) {
                Some(value) => {
                    fields.insert(field.key().to_owned(), value);
                }
                None if field.required && field.default.is_none() => {
                    missing.push(field.env.as_str())
                }
                None => {}
            }
        }
        if !missing.is_empty() {
            return fail(format!("needs {}", missing.join(", ")));
        }
        let version_id = self.versions.version("env", secret, &fields);
        Ok(RawVersion {
            version_id,
            value: RawValue::Fields(fields),
            created_at: None,
        })
    }
}

impl Provider for EnvProvider {
    fn name(&self) -> &str {
        "env"
    }

    fn max_batch_size(&self) -> usize {
        usize::MAX
    }

    fn fetch<'a>(
        &'a self,
        requests: &'a [FetchRequest],
        _ctx: &'a CallContext,
    ) -> BoxFuture<'a, Vec<FetchResult>> {
        ready(requests.iter().map(|r| self.fetch_one(r)).collect()).boxed()
    }
}
