"""Cancellation, retries with backoff and the circuit breaker."""
