//! Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").

use std::time::Duration;

/// Retry policy for retryable codes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included (default 3).
    pub attempts: u32,
    /// Base delay (default 100 ms).
    pub base: Duration,
    /// Largest delay (default 2 s).
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            base: Duration::from_millis(100),
            cap: Duration::from_secs(2),
        }
    }
}

/// The delay before retry number `attempt + 1`: uniform in `[0, min(cap, base · 2^attempt))`,
/// so clients that failed together do not retry together.
pub fn full_jitter(policy: &RetryPolicy, attempt: u32, random: f64) -> Duration {
    let exp = policy
        .base
        .saturating_mul(1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX));
    exp.min(policy.cap).mul_f64(random.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_up_to_the_cap_and_scales_with_the_draw() {
        let p = RetryPolicy::default();
        assert_eq!(full_jitter(&p, 0, 1.0), Duration::from_millis(100));
        assert_eq!(full_jitter(&p, 3, 1.0), Duration::from_millis(800));
        assert_eq!(full_jitter(&p, 10, 1.0), Duration::from_secs(2));
        assert_eq!(full_jitter(&p, 3, 0.5), Duration::from_millis(400));
        assert_eq!(full_jitter(&p, 40, 0.0), Duration::ZERO);
    }
}
