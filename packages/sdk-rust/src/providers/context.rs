//! The cancellation and deadline of one provider call.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::errors::{ErrorCode, SecretsError};

/// What bounds one provider call: a cancellation (the caller gave up, or the client closed)
/// and an optional deadline. A call that is cancelled ends as ABORTED, one that runs out of
/// time as TIMEOUT (retryable, and counted by the circuit breaker).
#[derive(Clone, Debug, Default)]
pub struct CallContext {
    cancel: CancellationToken,
    deadline: Option<Instant>,
}

impl CallContext {
    /// No deadline, not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancelled when `token` is.
    pub fn with_cancel(mut self, token: CancellationToken) -> Self {
        self.cancel = token;
        self
    }

    /// Ends at `deadline` (the earlier of it and any deadline already set).
    pub fn with_deadline(mut self, deadline: Instant) -> Self {
        self.deadline = Some(self.deadline.map_or(deadline, |d| d.min(deadline)));
        self
    }

    /// Ends `timeout` from now.
    pub fn with_timeout(self, timeout: Duration) -> Self {
        self.with_deadline(Instant::now() + timeout)
    }

    /// The cancellation token; cancel it to abort the call.
    pub fn cancel_token(&self) -> &CancellationToken {
        &self.cancel
    }

    /// The deadline, if any.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// True once the call was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Runs `work` until it ends, the call is cancelled (ABORTED) or the deadline passes
    /// (TIMEOUT). Dropping `work` cancels the request it was making.
    pub async fn run<T>(
        &self,
        secret: Option<&str>,
        work: impl Future<Output = Result<T, SecretsError>>,
    ) -> Result<T, SecretsError> {
        if self.cancel.is_cancelled() {
            return Err(aborted(secret));
        }
        let deadline = async {
            match self.deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(aborted(secret)),
            _ = deadline => Err(timed_out(secret)),
            result = work => result,
        }
    }
}

/// ABORTED for `secret`.
pub fn aborted(secret: Option<&str>) -> SecretsError {
    let error = SecretsError::new(ErrorCode::Aborted, "the call was cancelled");
    match secret {
        Some(s) => error.for_secret(s),
        None => error,
    }
}

/// TIMEOUT for `secret`.
pub fn timed_out(secret: Option<&str>) -> SecretsError {
    let error = SecretsError::new(ErrorCode::Timeout, "the call ran past its deadline");
    match secret {
        Some(s) => error.for_secret(s),
        None => error,
    }
}
