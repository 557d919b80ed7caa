//! Sends requests to providers: batches of `max_batch_size` with at most
//! [`MAX_CALLS_IN_FLIGHT`] calls out at once, full-jitter retries of the retryable failures
//! only, and one circuit breaker per provider. Always one result per request, in order.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::stream::{self, StreamExt};

use crate::errors::{ErrorCode, SecretsError};
use crate::providers::{CallContext, FetchRequest, FetchResult, Provider};
use crate::resilience::{full_jitter, BreakerPolicy, CircuitBreaker, RetryPolicy};

/// Most provider calls one fetch keeps in flight (as in sdk-node).
pub const MAX_CALLS_IN_FLIGHT: usize = 8;

/// Uniform random numbers in [0, 1) for jitter; tests pass a fixed one.
pub type Random = Arc<dyn Fn() -> f64 + Send + Sync>;

pub(crate) struct Loader {
    retry: RetryPolicy,
    breaker: BreakerPolicy,
    random: Random,
    breakers: Mutex<HashMap<usize, Arc<CircuitBreaker>>>,
}

impl Loader {
    pub fn new(retry: RetryPolicy, breaker: BreakerPolicy, random: Random) -> Self {
        Loader {
            retry,
            breaker,
            random,
            breakers: Mutex::default(),
        }
    }

    pub fn random(&self) -> f64 {
        (self.random)()
    }

    pub fn breaker_for(&self, provider: &Arc<dyn Provider>) -> Arc<CircuitBreaker> {
        let key = Arc::as_ptr(provider) as *const () as usize;
        let mut breakers = self.breakers.lock().expect("breakers lock");
        Arc::clone(
            breakers
                .entry(key)
                .or_insert_with(|| Arc::new(CircuitBreaker::new(provider.name(), self.breaker))),
        )
    }

    pub async fn fetch(
        &self,
        provider: &Arc<dyn Provider>,
        requests: Vec<FetchRequest>,
        ctx: &CallContext,
    ) -> Vec<FetchResult> {
        let size = provider.max_batch_size().max(1);
        let chunks: Vec<Vec<FetchRequest>> = requests
            .chunks(size)
            .map(<[FetchRequest]>::to_vec)
            .collect();
        let answers: Vec<Vec<FetchResult>> = stream::iter(chunks)
            .map(|chunk| self.fetch_chunk(provider, chunk, ctx))
            .buffered(MAX_CALLS_IN_FLIGHT)
            .collect()
            .await;
        answers.into_iter().flatten().collect()
    }

    async fn fetch_chunk(
        &self,
        provider: &Arc<dyn Provider>,
        requests: Vec<FetchRequest>,
        ctx: &CallContext,
    ) -> Vec<FetchResult> {
        let breaker = self.breaker_for(provider);
        let mut results: Vec<Option<FetchResult>> = (0..requests.len()).map(|_| None).collect();
        let mut pending: Vec<usize> = (0..requests.len()).collect();
        let mut attempt = 0;
        loop {
            if !breaker.allow() {
                for &i in &pending {
                    results[i] = Some(Err(circuit_open(provider.name(), &requests[i], &breaker)));
                }
                break;
            }
            let batch: Vec<FetchRequest> = pending.iter().map(|&i| requests[i].clone()).collect();
            let answers = attempt_once(provider, &batch, ctx).await;
            let failed_store = answers
                .iter()
                .all(|a| a.as_ref().is_err_and(SecretsError::retryable));
            if ctx.is_cancelled() {
                breaker.release();
            } else if failed_store {
                breaker.failure();
            } else {
                breaker.success();
            }
            let mut retry = Vec::new();
            for (&i, answer) in pending.iter().zip(answers) {
                if answer.as_ref().is_err_and(SecretsError::retryable) {
                    retry.push(i);
                }
                results[i] = Some(answer);
            }
            attempt += 1;
            if retry.is_empty() || attempt >= self.retry.attempts || ctx.is_cancelled() {
                break;
            }
            let delay = full_jitter(&self.retry, attempt - 1, self.random());
            let slept = ctx.run(None, async {
                tokio::time::sleep(delay).await;
                Ok(())
            });
            if slept.await.is_err() {
                break;
            }
            pending = retry;
        }
        results
            .into_iter()
            .map(|r| r.expect("every request answered"))
            .collect()
    }
}

/// One provider call; a wrong number of answers becomes MALFORMED_RESPONSE for each request.
async fn attempt_once(
    provider: &Arc<dyn Provider>,
    batch: &[FetchRequest],
    ctx: &CallContext,
) -> Vec<FetchResult> {
    let answers = provider.fetch(batch, ctx).await;
    if answers.len() != batch.len() {
        let error = SecretsError::new(
            ErrorCode::MalformedResponse,
            format!(
                "{}: returned {} results for {} requests",
                provider.name(),
                answers.len(),
                batch.len()
            ),
        )
        .with_provider(provider.name());
        return batch
            .iter()
            .map(|r| Err(error.for_secret(&r.secret.name)))
            .collect();
    }
    answers
        .into_iter()
        .zip(batch)
        .map(|(answer, request)| answer.map_err(|e| e.for_secret(&request.secret.name)))
        .collect()
}

fn circuit_open(provider: &str, request: &FetchRequest, breaker: &CircuitBreaker) -> SecretsError {
    SecretsError::new(
        ErrorCode::CircuitOpen,
        format!(
            "{provider}: circuit open for secret \"{}\", next probe in {} ms",
            request.secret.name,
            breaker.retry_in().as_millis()
        ),
    )
    .with_secret(&request.secret.name)
    .with_provider(provider)
}
