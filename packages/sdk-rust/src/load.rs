//! The synchronous loader generated modules use where values come from environment variables
//! or mounted files (`source: env` environments, tests, CLIs): every field read, decoded and
//! checked like the store path, and one error listing every problem, never a value.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;

use serde::de::DeserializeOwned;

use crate::decode::{decode, escape_pointer, RawValue, Validator};
use crate::descriptor::ServiceDescriptor;
use crate::errors::SecretsError;

/// Where the text of one field comes from.
pub trait Source {
    /// The text of the field whose variable is `env`, of secret `secret`; `Ok(None)` when unset.
    fn lookup(&self, secret: &str, env: &str) -> std::io::Result<Option<String>>;
}

/// Environment variables: the process's, or a map (tests).
#[derive(Clone, Default)]
pub struct EnvSource(Option<HashMap<String, String>>);

impl EnvSource {
    /// The process environment.
    pub fn process() -> Self {
        EnvSource(None)
    }

    /// A fixed set of variables.
    pub fn from_map(vars: HashMap<String, String>) -> Self {
        EnvSource(Some(vars))
    }
}

impl fmt::Debug for EnvSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvSource { .. }")
    }
}

impl Source for EnvSource {
    fn lookup(&self, _secret: &str, env: &str) -> std::io::Result<Option<String>> {
        Ok(match &self.0 {
            Some(vars) => vars.get(env).cloned(),
            None => std::env::var(env).ok(),
        })
    }
}

/// Mounted secrets: `<root>/<secret name>/<ENV_VAR_NAME>` holds one field, as External Secrets
/// Operator and the kubelet lay out a Secret volume. One trailing newline is removed.
#[derive(Clone, Debug)]
pub struct DirSource(pub PathBuf);

impl Source for DirSource {
    fn lookup(&self, secret: &str, env: &str) -> std::io::Result<Option<String>> {
        match std::fs::read_to_string(self.0.join(secret).join(env)) {
            Ok(mut text) => {
                if text.ends_with("\r\n") {
                    text.truncate(text.len() - 2);
                } else if text.ends_with('\n') {
                    text.truncate(text.len() - 1);
                }
                Ok(Some(text))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// One reason a field was rejected. It names the field and the rule, never the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The secret.
    pub secret: String,
    /// The field; `None` for a string secret.
    pub field: Option<String>,
    /// Its variable (and file name).
    pub env: String,
    /// `required`, `type`, `minLength`, `pattern`, `format`, `read`, …
    pub rule: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "secret {:?}", self.secret)?;
        if let Some(field) = &self.field {
            write!(f, " field {field:?}")?;
        }
        write!(f, " ({}) fails rule {}", self.env, self.rule)
    }
}

/// Every problem a load found, so one start-up shows everything to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The service.
    pub service: String,
    /// What is wrong.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.problems.iter().map(Problem::to_string).collect();
        write!(
            f,
            "{}: {} secret problem(s): {}",
            self.service,
            self.problems.len(),
            list.join("; ")
        )
    }
}

impl std::error::Error for LoadError {}

/// Reads secrets one by one from a [`Source`], collecting problems; [`Loader::finish`] reports
/// them all at once.
pub struct Loader<'a> {
    descriptor: ServiceDescriptor,
    source: &'a dyn Source,
    problems: Vec<Problem>,
}

impl fmt::Debug for Loader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loader")
            .field("service", &self.descriptor.service)
            .field("problems", &self.problems)
            .finish()
    }
}

impl<'a> Loader<'a> {
    /// A loader for the service of `descriptor`.
    pub fn new(descriptor: ServiceDescriptor, source: &'a dyn Source) -> Self {
        Loader {
            descriptor,
            source,
            problems: Vec::new(),
        }
    }

    /// Reads, decodes and checks secret `name` as `V`; `None` when it has problems (recorded).
    pub fn secret<V: DeserializeOwned>(&mut self, name: &str) -> Option<V> {
        let Some(secret) = self.descriptor.secrets.get(name).cloned() else {
            self.problems.push(Problem {
                secret: name.into(),
                field: None,
                env: String::new(),
                rule: "unknown".into(),
            });
            return None;
        };
        let env_of = |pointer: &str| {
            secret
                .fields
                .iter()
                .find(|f| pointer == "/" || pointer == format!("/{}", escape_pointer(f.key())))
                .map(|f| (f.name.clone(), f.env.clone()))
                .unwrap_or((None, String::new()))
        };
        let before = self.problems.len();
        let mut fields = BTreeMap::new();
        for field in &secret.fields {
            match self.source.lookup(name, &field.env) {
                Ok(Some(text)) => {
                    fields.insert(field.key().to_owned(), text);
                }
                Ok(None) if field.required && field.default.is_none() => {
                    self.push(name, field.name.clone(), &field.env, "required")
                }
                Ok(None) => {}
                // The io::Error can name the path; the rule says enough.
                Err(_) => self.push(name, field.name.clone(), &field.env, "read"),
            }
        }
        if self.problems.len() > before {
            return None;
        }
        let validator = match Validator::compile(&secret) {
            Ok(v) => v,
            Err(_) => {
                self.push(name, None, "", "schema");
                return None;
            }
        };
        // A field that is not of its type is reported and left out, so the other fields are
        // still checked: one run shows everything to fix.
        let mut refused: Vec<String> = Vec::new();
        let value = loop {
            match decode(&secret, &RawValue::Fields(fields.clone())) {
                Ok(value) => break value,
                Err(error) => {
                    let pointer = error.field().unwrap_or("/").to_owned();
                    self.record(name, &error, &env_of);
                    let key = pointer
                        .strip_prefix('/')
                        .unwrap_or("")
                        .replace("~1", "/")
                        .replace("~0", "~");
                    if fields.remove(&key).is_none() || refused.contains(&pointer) {
                        return None;
                    }
                    refused.push(pointer);
                }
            }
        };
        let problems: Vec<(String, &'static str)> = validator
            .problems(&value)
            .into_iter()
            .filter(|(p, _)| !refused.contains(p))
            .collect();
        if !problems.is_empty() || !refused.is_empty() {
            for (pointer, rule) in problems {
                let (field, env) = env_of(&pointer);
                self.push(
                    name,
                    field.or_else(|| {
                        pointer
                            .strip_prefix('/')
                            .filter(|p| !p.is_empty())
                            .map(str::to_owned)
                    }),
                    &env,
                    rule,
                );
            }
            return None;
        }
        match serde_json::from_value::<V>(value) {
            Ok(typed) => Some(typed),
            Err(_) => {
                self.push(name, None, "", "type");
                None
            }
        }
    }

    fn record(
        &mut self,
        name: &str,
        error: &SecretsError,
        env_of: &dyn Fn(&str) -> (Option<String>, String),
    ) {
        let (field, env) = env_of(error.field().unwrap_or("/"));
        self.push(name, field, &env, error.rule().unwrap_or("type"));
    }

    fn push(&mut self, secret: &str, field: Option<String>, env: &str, rule: &str) {
        self.problems.push(Problem {
            secret: secret.into(),
            field,
            env: env.into(),
            rule: rule.into(),
        });
    }

    /// `Ok` when every secret read so far is valid, else every problem.
    pub fn finish(self) -> Result<(), LoadError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(LoadError {
                service: self.descriptor.service,
                problems: self.problems,
            })
        }
    }
}
