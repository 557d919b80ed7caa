//! A circuit breaker per store: after `failure_threshold` calls in a row that failed with a
//! retryable code (deadline timeouts included), calls fail fast with CIRCUIT_OPEN for
//! `cooldown`; then one probe call is let through, and its outcome closes or re-opens it.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Breaker settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakerPolicy {
    /// Consecutive failed calls that open the breaker (default 5).
    pub failure_threshold: u32,
    /// How long it stays open before one probe (default 30 s).
    pub cooldown: Duration,
}

impl Default for BreakerPolicy {
    fn default() -> Self {
        BreakerPolicy {
            failure_threshold: 5,
            cooldown: Duration::from_secs(30),
        }
    }
}

#[derive(Debug)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen { probing: bool },
}

/// One breaker.
#[derive(Debug)]
pub struct CircuitBreaker {
    provider: String,
    policy: BreakerPolicy,
    state: Mutex<State>,
}

impl CircuitBreaker {
    /// A closed breaker for `provider`.
    pub fn new(provider: &str, policy: BreakerPolicy) -> Self {
        CircuitBreaker {
            provider: provider.to_owned(),
            policy,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    /// Whether a call may go out now. In half-open state only one probe is allowed at a time.
    pub fn allow(&self) -> bool {
        let mut state = self.state.lock().expect("breaker lock");
        match *state {
            State::Closed { .. } => true,
            State::Open { until } if Instant::now() >= until => {
                *state = State::HalfOpen { probing: true };
                true
            }
            State::Open { .. } => false,
            State::HalfOpen { probing: true } => false,
            State::HalfOpen { probing: false } => {
                *state = State::HalfOpen { probing: true };
                true
            }
        }
    }

    /// The call reached the store and it answered.
    pub fn success(&self) {
        let mut state = self.state.lock().expect("breaker lock");
        if !matches!(*state, State::Closed { failures: 0 }) {
            if matches!(*state, State::HalfOpen { .. }) {
                log::info!(target: "locksmith", "event=breaker_closed provider={}", self.provider);
            }
            *state = State::Closed { failures: 0 };
        }
    }

    /// The call failed as a store that is down fails (every answer retryable, or timed out).
    pub fn failure(&self) {
        let mut state = self.state.lock().expect("breaker lock");
        let failures = match *state {
            State::Closed { failures } => failures + 1,
            _ => self.policy.failure_threshold,
        };
        if failures >= self.policy.failure_threshold {
            *state = State::Open {
                until: Instant::now() + self.policy.cooldown,
            };
            log::warn!(
                target: "locksmith",
                "event=breaker_open provider={} cooldown_ms={}",
                self.provider,
                self.policy.cooldown.as_millis()
            );
        } else {
            *state = State::Closed { failures };
        }
    }

    /// The caller cancelled the call: it says nothing about the store.
    pub fn release(&self) {
        let mut state = self.state.lock().expect("breaker lock");
        if let State::HalfOpen { probing: true } = *state {
            *state = State::HalfOpen { probing: false };
        }
    }

    /// Time until the next probe may go out (zero unless open).
    pub fn retry_in(&self) -> Duration {
        match *self.state.lock().expect("breaker lock") {
            State::Open { until } => until.saturating_duration_since(Instant::now()),
            _ => Duration::ZERO,
        }
    }

    /// True while calls fail fast.
    pub fn is_open(&self) -> bool {
        matches!(
            *self.state.lock().expect("breaker lock"),
            State::Open { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn opens_after_the_threshold_and_lets_one_probe_through_after_the_cooldown() {
        let breaker = CircuitBreaker::new(
            "aws",
            BreakerPolicy {
                failure_threshold: 2,
                cooldown: Duration::from_secs(10),
            },
        );
        breaker.failure();
        assert!(breaker.allow());
        breaker.failure();
        assert!(!breaker.allow());
        assert!(breaker.is_open());
        tokio::time::advance(Duration::from_secs(10)).await;
        assert!(breaker.allow(), "the probe");
        assert!(!breaker.allow(), "only one probe at a time");
        breaker.failure();
        assert!(!breaker.allow(), "a failed probe re-opens it");
        tokio::time::advance(Duration::from_secs(10)).await;
        assert!(breaker.allow());
        breaker.success();
        assert!(breaker.allow() && breaker.allow());
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_probe_frees_the_slot() {
        let breaker = CircuitBreaker::new(
            "vault",
            BreakerPolicy {
                failure_threshold: 1,
                cooldown: Duration::from_secs(1),
            },
        );
        breaker.failure();
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(breaker.allow());
        breaker.release();
        assert!(breaker.allow());
    }
}
