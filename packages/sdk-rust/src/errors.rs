//! The one error type of the runtime, with the stable codes every Locksmith runtime shares.

use std::fmt;

/// Stable error codes, shared with sdk-node, sdk-go and sdk-python (see docs/runtime.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The secret, or the asked-for version of it, does not exist.
    NotFound,
    /// The files provider refused a path that leaves its root (a secret directory, a `..data`
    /// target or a field file that resolves outside it).
    UnsafePath,
    /// The store refused this identity (policy, signature).
    AccessDenied,
    /// The store could not decrypt the value (KMS).
    DecryptionFailed,
    /// AWS: the secret is scheduled for deletion.
    MarkedForDeletion,
    /// The store rejected the request as malformed.
    InvalidRequest,
    /// The store asked us to slow down.
    Throttled,
    /// The store answered 5xx, is sealed or is on standby.
    Unavailable,
    /// The call ran out of time.
    Timeout,
    /// The connection failed or broke.
    Network,
    /// The store answered something that is not what its API promises.
    MalformedResponse,
    /// Logging in to the store failed.
    AuthFailed,
    /// The value does not match the catalog's value schema.
    ValidationFailed,
    /// A synchronous read of a secret that has not been loaded yet.
    NotLoaded,
    /// The circuit breaker of the store is open.
    CircuitOpen,
    /// The caller cancelled the call.
    Aborted,
    /// The client was closed.
    Closed,
    /// The descriptor, options or environment are wrong.
    Configuration,
}

impl ErrorCode {
    /// Every code, in the order of the shared list.
    pub const ALL: [ErrorCode; 18] = [
        ErrorCode::NotFound,
        ErrorCode::UnsafePath,
        ErrorCode::AccessDenied,
        ErrorCode::DecryptionFailed,
        ErrorCode::MarkedForDeletion,
        ErrorCode::InvalidRequest,
        ErrorCode::Throttled,
        ErrorCode::Unavailable,
        ErrorCode::Timeout,
        ErrorCode::Network,
        ErrorCode::MalformedResponse,
        ErrorCode::AuthFailed,
        ErrorCode::ValidationFailed,
        ErrorCode::NotLoaded,
        ErrorCode::CircuitOpen,
        ErrorCode::Aborted,
        ErrorCode::Closed,
        ErrorCode::Configuration,
    ];

    /// The code as every runtime spells it (`NOT_FOUND`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::UnsafePath => "UNSAFE_PATH",
            ErrorCode::AccessDenied => "ACCESS_DENIED",
            ErrorCode::DecryptionFailed => "DECRYPTION_FAILED",
            ErrorCode::MarkedForDeletion => "MARKED_FOR_DELETION",
            ErrorCode::InvalidRequest => "INVALID_REQUEST",
            ErrorCode::Throttled => "THROTTLED",
            ErrorCode::Unavailable => "UNAVAILABLE",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Network => "NETWORK",
            ErrorCode::MalformedResponse => "MALFORMED_RESPONSE",
            ErrorCode::AuthFailed => "AUTH_FAILED",
            ErrorCode::ValidationFailed => "VALIDATION_FAILED",
            ErrorCode::NotLoaded => "NOT_LOADED",
            ErrorCode::CircuitOpen => "CIRCUIT_OPEN",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::Closed => "CLOSED",
            ErrorCode::Configuration => "CONFIGURATION",
        }
    }

    /// Whether another attempt can cure it. The runtime retries only these codes; the rest are
    /// facts about the secret or the configuration that a retry will not change.
    pub fn retryable(self) -> bool {
        matches!(
            self,
            ErrorCode::Throttled
                | ErrorCode::Unavailable
                | ErrorCode::Timeout
                | ErrorCode::Network
                | ErrorCode::MalformedResponse
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every runtime failure. Its message is built only from descriptor names, codes and rules, so
/// it can be logged as it is: there is deliberately no field that could hold a value, and no
/// third-party error is kept as a source (those can carry request bodies or tokens).
#[derive(Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct SecretsError {
    // Boxed: results carry errors on every hot path, and a small Err keeps them cheap to move.
    inner: Box<ErrorInner>,
}

#[derive(Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorInner {
    code: ErrorCode,
    message: String,
    retryable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
    /// JSON pointer of the failing field, for validation failures.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    /// The failing rule (`type`, `required`, `minLength`…), for validation failures.
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<String>,
    /// Every failure when this error stands for several (a preload).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    failures: Vec<SecretsError>,
}

impl SecretsError {
    /// A new error; `message` must hold names and codes only.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        SecretsError {
            inner: Box::new(ErrorInner {
                code,
                message: message.into(),
                retryable: code.retryable(),
                secret: None,
                field: None,
                rule: None,
                provider: None,
                failures: Vec::new(),
            }),
        }
    }

    /// Names the secret the error is about.
    pub fn with_secret(mut self, secret: impl Into<String>) -> Self {
        self.inner.secret = Some(secret.into());
        self
    }

    /// Names the store that failed.
    pub fn with_provider(mut self, provider: impl Into<String>) -> Self {
        self.inner.provider = Some(provider.into());
        self
    }

    /// Names the field (JSON pointer) and rule of a validation failure.
    pub fn with_field(mut self, field: impl Into<String>, rule: impl Into<String>) -> Self {
        self.inner.field = Some(field.into());
        self.inner.rule = Some(rule.into());
        self
    }

    /// One error standing for several (every secret a preload could not load). It is retryable
    /// only when every part is.
    pub fn aggregate(failures: Vec<SecretsError>) -> Self {
        let code = failures
            .first()
            .map(|f| f.inner.code)
            .unwrap_or(ErrorCode::Configuration);
        let list: Vec<String> = failures
            .iter()
            .map(|f| {
                let rule = f
                    .inner
                    .rule
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                format!(
                    "{}: {}{}",
                    f.inner.secret.as_deref().unwrap_or("?"),
                    f.inner.code,
                    rule
                )
            })
            .collect();
        let mut error = SecretsError::new(
            code,
            format!(
                "{} secret(s) failed to load: {}",
                failures.len(),
                list.join(", ")
            ),
        );
        error.inner.retryable = !failures.is_empty() && failures.iter().all(|f| f.inner.retryable);
        error.inner.failures = failures;
        error
    }

    /// The same error for another secret: a failure of a whole batch fans out to each request.
    pub fn for_secret(&self, secret: &str) -> SecretsError {
        if self.inner.secret.as_deref() == Some(secret) {
            return self.clone();
        }
        let mut error = self.clone();
        if self.inner.secret.is_none() && !self.inner.message.contains(&format!("\"{secret}\"")) {
            error.inner.message = format!("{} (secret \"{secret}\")", self.inner.message);
        }
        error.inner.secret = Some(secret.to_owned());
        error
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.inner.code
    }
    /// Whether the runtime would retry it.
    pub fn retryable(&self) -> bool {
        self.inner.retryable
    }
    /// The message (names and codes only).
    pub fn message(&self) -> &str {
        &self.inner.message
    }
    /// The secret it is about, when it is about one.
    pub fn secret(&self) -> Option<&str> {
        self.inner.secret.as_deref()
    }
    /// JSON pointer of the failing field, for validation failures.
    pub fn field(&self) -> Option<&str> {
        self.inner.field.as_deref()
    }
    /// The failing rule, for validation failures.
    pub fn rule(&self) -> Option<&str> {
        self.inner.rule.as_deref()
    }
    /// The store that failed.
    pub fn provider(&self) -> Option<&str> {
        self.inner.provider.as_deref()
    }
    /// Every failure of an aggregate (empty otherwise).
    pub fn failures(&self) -> &[SecretsError] {
        &self.inner.failures
    }
}

impl fmt::Display for SecretsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.inner.code, self.inner.message)
    }
}

impl fmt::Debug for SecretsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("SecretsError");
        s.field("code", &self.inner.code)
            .field("message", &self.inner.message)
            .field("retryable", &self.inner.retryable);
        if let Some(secret) = &self.inner.secret {
            s.field("secret", secret);
        }
        if let Some(field) = &self.inner.field {
            s.field("field", field);
        }
        if let Some(rule) = &self.inner.rule {
            s.field("rule", rule);
        }
        if let Some(provider) = &self.inner.provider {
            s.field("provider", provider);
        }
        if !self.inner.failures.is_empty() {
            s.field("failures", &self.inner.failures);
        }
        s.finish()
    }
}

impl std::error::Error for SecretsError {}

/// `Result` with a [`SecretsError`].
pub type Result<T, E = SecretsError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_codes_are_the_shared_five() {
        let retryable: Vec<&str> = ErrorCode::ALL
            .iter()
            .filter(|c| c.retryable())
            .map(|c| c.as_str())
            .collect();
        assert_eq!(
            retryable,
            [
                "THROTTLED",
                "UNAVAILABLE",
                "TIMEOUT",
                "NETWORK",
                "MALFORMED_RESPONSE"
            ]
        );
    }

    /// The codes and their retryability are the ones every runtime shares: a code added to one
    /// runtime alone fails here or in the others' tests of the same file.
    #[test]
    fn codes_are_the_shared_list_in_order_with_their_retryability() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testkit/contract/error-codes.json"
        );
        let shared: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let ours: Vec<serde_json::Value> = ErrorCode::ALL
            .iter()
            .map(|c| serde_json::json!({ "code": c.as_str(), "retryable": c.retryable() }))
            .collect();
        assert_eq!(serde_json::Value::Array(ours), shared["codes"]);
    }

    #[test]
    fn codes_serialise_as_the_shared_spelling() {
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
    }

    #[test]
    fn an_aggregate_is_retryable_only_when_every_part_is() {
        let a = SecretsError::new(ErrorCode::Throttled, "x").with_secret("a");
        let b = SecretsError::new(ErrorCode::NotFound, "y").with_secret("b");
        assert!(SecretsError::aggregate(vec![a.clone()]).retryable());
        let both = SecretsError::aggregate(vec![a, b]);
        assert!(!both.retryable());
        assert_eq!(both.failures().len(), 2);
        assert!(both.message().contains("a: THROTTLED"));
        assert!(both.message().contains("b: NOT_FOUND"));
    }

    #[test]
    fn for_secret_names_the_secret_once() {
        let e = SecretsError::new(ErrorCode::Unavailable, "aws: batch failed");
        let named = e.for_secret("db");
        assert_eq!(named.secret(), Some("db"));
        assert_eq!(named.message(), "aws: batch failed (secret \"db\")");
        assert_eq!(named.for_secret("db").message(), named.message());
    }
}
