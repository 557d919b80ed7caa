//! A chain of stores tried in order: only built when asked for, since silently reading another
//! store hides a misconfiguration.

use std::fmt;
use std::sync::Arc;

use futures_util::future::{BoxFuture, FutureExt};

use super::{CallContext, ChangeCallback, FetchRequest, FetchResult, Provider, WatchGuard};

/// Tries each provider for the requests the ones before it failed.
pub struct FallbackProvider {
    name: String,
    chain: Vec<Arc<dyn Provider>>,
}

impl fmt::Debug for FallbackProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FallbackProvider")
            .field("chain", &self.chain)
            .finish()
    }
}

impl FallbackProvider {
    /// A chain; its name joins the members' (`vault>env`).
    pub fn new(chain: Vec<Arc<dyn Provider>>) -> Self {
        let name = chain.iter().map(|p| p.name()).collect::<Vec<_>>().join(">");
        FallbackProvider { name, chain }
    }

    async fn fetch_all(&self, requests: &[FetchRequest], ctx: &CallContext) -> Vec<FetchResult> {
        let mut results: Vec<Option<FetchResult>> = (0..requests.len()).map(|_| None).collect();
        let mut pending: Vec<usize> = (0..requests.len()).collect();
        for provider in &self.chain {
            if pending.is_empty() {
                break;
            }
            let batch: Vec<FetchRequest> = pending.iter().map(|&i| requests[i].clone()).collect();
            let answers = provider.fetch(&batch, ctx).await;
            let mut failed = Vec::new();
            for (&i, answer) in pending.iter().zip(answers) {
                let ok = answer.is_ok();
                // The first store's error is the one that explains the failure.
                if ok || results[i].is_none() {
                    results[i] = Some(answer);
                }
                if !ok {
                    failed.push(i);
                }
            }
            pending = failed;
        }
        results
            .into_iter()
            .map(|r| r.expect("every request answered"))
            .collect()
    }
}

impl Provider for FallbackProvider {
    fn name(&self) -> &str {
        &self.name
    }

    fn max_batch_size(&self) -> usize {
        self.chain
            .iter()
            .map(|p| p.max_batch_size())
            .min()
            .unwrap_or(1)
    }

    fn fetch<'a>(
        &'a self,
        requests: &'a [FetchRequest],
        ctx: &'a CallContext,
    ) -> BoxFuture<'a, Vec<FetchResult>> {
        self.fetch_all(requests, ctx).boxed()
    }

    /// Every member's watch is kept, so a chain over mounted files still sees the kubelet's swaps.
    fn watch(&self, on_change: ChangeCallback) -> Option<WatchGuard> {
        let guards: Vec<WatchGuard> = self
            .chain
            .iter()
            .filter_map(|p| p.watch(Arc::clone(&on_change)))
            .collect();
        (!guards.is_empty()).then(|| WatchGuard::merge(guards))
    }
}
