//! Backoff and the circuit breaker.

mod backoff;
mod breaker;

pub use backoff::{full_jitter, RetryPolicy};
pub use breaker::{BreakerPolicy, CircuitBreaker};
