//! Vault HTTP failures → stable codes. The reqwest error is dropped after its kind is read: its
//! rendering can include the request URL, and this module never lets a header near a message.

use crate::errors::{ErrorCode, SecretsError};

/// The code of a Vault HTTP status.
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        404 => ErrorCode::NotFound,
        401 | 403 => ErrorCode::AccessDenied,
        429 => ErrorCode::Throttled,
        // 503: sealed or in maintenance; 473: performance standby; 412: consistency not reached yet.
        412 | 473 => ErrorCode::Unavailable,
        s if s >= 500 => ErrorCode::Unavailable,
        _ => ErrorCode::InvalidRequest,
    }
}

/// A failed HTTP status as a SecretsError.
pub fn from_status(status: u16, secret: Option<&str>) -> SecretsError {
    named(code_for_status(status), &format!("HTTP {status}"), secret)
}

/// A transport failure as a SecretsError.
pub fn from_transport(error: &reqwest::Error, secret: Option<&str>) -> SecretsError {
    let (code, label) = if error.is_timeout() {
        (ErrorCode::Timeout, "timeout")
    } else if error.is_connect() {
        (ErrorCode::Network, "connection failed")
    } else if error.is_decode() {
        (ErrorCode::MalformedResponse, "unreadable response")
    } else if error.is_body() {
        (ErrorCode::Network, "response body broke off")
    } else if error.is_builder() {
        (ErrorCode::Configuration, "invalid request")
    } else {
        (ErrorCode::Network, "request failed")
    };
    named(code, label, secret)
}

/// An answer that is not what the KV v2 API promises.
pub fn malformed(what: &str, secret: Option<&str>) -> SecretsError {
    named(ErrorCode::MalformedResponse, what, secret)
}

fn named(code: ErrorCode, label: &str, secret: Option<&str>) -> SecretsError {
    let what = secret.map_or("request".to_owned(), |s| format!("secret \"{s}\""));
    let error =
        SecretsError::new(code, format!("vault: {what} failed: {label}")).with_provider("vault");
    match secret {
        Some(s) => error.with_secret(s),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_the_shared_codes() {
        assert_eq!(code_for_status(404), ErrorCode::NotFound);
        assert_eq!(code_for_status(403), ErrorCode::AccessDenied);
        assert_eq!(code_for_status(429), ErrorCode::Throttled);
        assert_eq!(code_for_status(503), ErrorCode::Unavailable);
        assert_eq!(code_for_status(473), ErrorCode::Unavailable);
        assert_eq!(code_for_status(400), ErrorCode::InvalidRequest);
    }
}
