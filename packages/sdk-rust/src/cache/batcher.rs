//! Collects cold loads that start together into one provider call: a first request schedules a
//! drain after the current task yields, and everything enqueued by then goes out as one batch.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

use crate::cache::loader::Loader;
use crate::errors::{ErrorCode, SecretsError};
use crate::providers::{CallContext, FetchRequest, FetchResult, Provider};

type Waiter = (FetchRequest, oneshot::Sender<FetchResult>);

pub(crate) struct Batcher {
    provider: Arc<dyn Provider>,
    loader: Arc<Loader>,
    timeout: Duration,
    closing: CancellationToken,
    pending: Mutex<Vec<Waiter>>,
}

impl Batcher {
    pub fn new(
        provider: Arc<dyn Provider>,
        loader: Arc<Loader>,
        timeout: Duration,
        closing: CancellationToken,
    ) -> Arc<Self> {
        Arc::new(Batcher {
            provider,
            loader,
            timeout,
            closing,
            pending: Mutex::default(),
        })
    }

    /// Queues requests in one go (a preload's cold secrets), so they share calls.
    pub fn enqueue_many(
        self: &Arc<Self>,
        requests: Vec<FetchRequest>,
    ) -> Vec<oneshot::Receiver<FetchResult>> {
        let mut receivers = Vec::with_capacity(requests.len());
        let schedule = {
            let mut pending = self.pending.lock().expect("batcher lock");
            let was_empty = pending.is_empty();
            for request in requests {
                let (tx, rx) = oneshot::channel();
                pending.push((request, tx));
                receivers.push(rx);
            }
            was_empty && !pending.is_empty()
        };
        if schedule {
            let me = Arc::clone(self);
            tokio::spawn(async move {
                tokio::task::yield_now().await;
                me.drain().await;
            });
        }
        receivers
    }

    async fn drain(&self) {
        let waiters = std::mem::take(&mut *self.pending.lock().expect("batcher lock"));
        if waiters.is_empty() {
            return;
        }
        let (requests, senders): (Vec<FetchRequest>, Vec<oneshot::Sender<FetchResult>>) =
            waiters.into_iter().unzip();
        let ctx = CallContext::new()
            .with_cancel(self.closing.child_token())
            .with_timeout(self.timeout);
        let results = self.loader.fetch(&self.provider, requests, &ctx).await;
        for (sender, result) in senders.into_iter().zip(results) {
            let result = match result {
                Err(e) if e.code() == ErrorCode::Aborted && self.closing.is_cancelled() => {
                    Err(SecretsError::new(ErrorCode::Closed, "client is closed")
                        .for_secret(e.secret().unwrap_or("?")))
                }
                other => other,
            };
            // A waiter that went away (client dropped) needs no answer.
            let _ = sender.send(result);
        }
    }
}
