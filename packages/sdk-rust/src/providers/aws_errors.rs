//! AWS SDK failures → stable codes. Only the exception name, the HTTP status and the kind of
//! transport failure are read; the SDK error itself is dropped (it can hold request data).

use aws_sdk_secretsmanager::config::http::HttpResponse;
use aws_sdk_secretsmanager::error::{ProvideErrorMetadata, SdkError};

use crate::errors::{ErrorCode, SecretsError};

/// The code of an AWS exception name, or of a BatchGetSecretValue per-secret `ErrorCode`.
/// `message` is only looked at to tell "marked for deletion" apart; it is never copied.
pub fn code_of(name: &str, message: &str, status: Option<u16>) -> ErrorCode {
    match name {
        "InvalidRequestException"
            if message.to_ascii_lowercase().contains("marked for deletion") =>
        {
            ErrorCode::MarkedForDeletion
        }
        "InvalidRequestException" => ErrorCode::InvalidRequest,
        "ResourceNotFoundException" => ErrorCode::NotFound,
        "AccessDeniedException"
        | "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "IncompleteSignature"
        | "MissingAuthenticationToken" => ErrorCode::AccessDenied,
        "ExpiredTokenException" => ErrorCode::AuthFailed,
        "DecryptionFailure" => ErrorCode::DecryptionFailed,
        "InvalidParameterException" | "InvalidNextTokenException" | "ValidationException" => {
            ErrorCode::InvalidRequest
        }
        "ThrottlingException" | "TooManyRequestsException" | "RequestLimitExceeded" => {
            ErrorCode::Throttled
        }
        "InternalServiceError" | "InternalFailure" | "ServiceUnavailable" => ErrorCode::Unavailable,
        "RequestTimeout" => ErrorCode::Timeout,
        _ => match status {
            Some(429) => ErrorCode::Throttled,
            Some(s) if s >= 500 => ErrorCode::Unavailable,
            Some(s) if s >= 400 => ErrorCode::InvalidRequest,
            _ => ErrorCode::MalformedResponse,
        },
    }
}

/// Converts an SDK error into a SecretsError naming `secret` (when known), never keeping it.
pub fn from_sdk_error<E>(error: &SdkError<E, HttpResponse>, secret: Option<&str>) -> SecretsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let (code, label) = match error {
        SdkError::ServiceError(service) => {
            let status = Some(service.raw().status().as_u16());
            let name = service.err().code().unwrap_or("unknown");
            (
                code_of(name, service.err().message().unwrap_or(""), status),
                name.to_owned(),
            )
        }
        SdkError::TimeoutError(_) => (ErrorCode::Timeout, "timeout".to_owned()),
        SdkError::DispatchFailure(failure) => {
            if failure.is_timeout() {
                (ErrorCode::Timeout, "timeout".to_owned())
            } else if failure.is_user() {
                (
                    ErrorCode::InvalidRequest,
                    "request could not be sent".to_owned(),
                )
            } else {
                (ErrorCode::Network, "connection failed".to_owned())
            }
        }
        SdkError::ResponseError(response) => match response.raw().status().as_u16() {
            status if status >= 500 => (ErrorCode::Unavailable, format!("HTTP {status}")),
            429 => (ErrorCode::Throttled, "HTTP 429".to_owned()),
            _ => (
                ErrorCode::MalformedResponse,
                "unreadable response".to_owned(),
            ),
        },
        SdkError::ConstructionFailure(_) => (
            ErrorCode::AuthFailed,
            "request could not be built or signed (credentials, region)".to_owned(),
        ),
        _ => (ErrorCode::MalformedResponse, "unknown failure".to_owned()),
    };
    let what = secret.map_or("request".to_owned(), |s| format!("secret \"{s}\""));
    let error =
        SecretsError::new(code, format!("aws: {what} failed: {label}")).with_provider("aws");
    match secret {
        Some(s) => error.with_secret(s),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_exception_names_like_sdk_node() {
        assert_eq!(
            code_of("ResourceNotFoundException", "", Some(400)),
            ErrorCode::NotFound
        );
        assert_eq!(
            code_of("ThrottlingException", "", Some(400)),
            ErrorCode::Throttled
        );
        assert_eq!(
            code_of("AccessDeniedException", "", Some(400)),
            ErrorCode::AccessDenied
        );
        assert_eq!(
            code_of("DecryptionFailure", "", Some(400)),
            ErrorCode::DecryptionFailed
        );
        assert_eq!(
            code_of(
                "InvalidRequestException",
                "secret is marked for deletion",
                Some(400)
            ),
            ErrorCode::MarkedForDeletion
        );
        assert_eq!(
            code_of("InvalidRequestException", "", Some(400)),
            ErrorCode::InvalidRequest
        );
        assert_eq!(code_of("Whatever", "", Some(503)), ErrorCode::Unavailable);
        assert_eq!(code_of("Whatever", "", Some(429)), ErrorCode::Throttled);
        assert_eq!(code_of("Whatever", "", None), ErrorCode::MalformedResponse);
    }
}
