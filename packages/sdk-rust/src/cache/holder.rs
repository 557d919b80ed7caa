//! The cache cell of one secret. A warm read is one atomic load and one reference-count bump:
//! no clock, no lock, no key. Timers move the state instead: refresh-ahead at ~80% of the TTL
//! (±10% jitter) and expiry once the value is older than TTL + max staleness.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwapOption;
use futures_util::future::{ready, BoxFuture, FutureExt, Shared};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::cache::batcher::Batcher;
use crate::cache::loader::Loader;
use crate::decode::TypedDecoder;
use crate::decode::{materialize, Materialized, RawVersion, Validator};
use crate::descriptor::{PlacementDescriptor, SecretDescriptor};
use crate::errors::{ErrorCode, SecretsError};
use crate::health::{HealthState, SecretHealth};
use crate::providers::{CallContext, FetchRequest, FetchResult, Provider, Stage};
use crate::resilience::{full_jitter, RetryPolicy};

/// Refresh-ahead point and its jitter, as fractions of the TTL.
const REFRESH_AT: f64 = 0.8;
const JITTER: f64 = 0.1;
/// Spacing of background retries after a failed refresh (the loader already retried in the call).
const REFRESH_RETRY: RetryPolicy = RetryPolicy {
    attempts: u32::MAX,
    base: Duration::from_secs(1),
    cap: Duration::from_secs(60),
};

/// One version of a secret's value, as the cache holds it.
pub struct Snapshot {
    /// Store version id.
    pub version_id: String,
    /// When the store created it, if it says.
    pub created_at: Option<SystemTime>,
    /// When this process first accepted it (stands in for `created_at` where the store has none).
    pub seen_at: SystemTime,
    /// The validated value in its registered type.
    pub value: Materialized,
}

/// What a change subscription receives.
pub struct ChangeEvent {
    /// The new current version.
    pub current: Arc<Snapshot>,
    /// The version it replaced.
    pub previous: Option<Arc<Snapshot>>,
}

pub(crate) type Listener = Arc<dyn Fn(&ChangeEvent) + Send + Sync>;
type Flight = Shared<BoxFuture<'static, Result<Arc<Snapshot>, SecretsError>>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Load,
    Refresh,
}

/// What the holders of one client share.
pub(crate) struct Host {
    pub environment: String,
    pub timeout: Duration,
    pub max_staleness: Duration,
    pub loader: Arc<Loader>,
    pub closing: CancellationToken,
}

struct PreviousCache {
    for_version: String,
    expires_at: Instant,
    version: Option<Arc<Snapshot>>,
}

#[derive(Default)]
struct Inner {
    flight: Option<Flight>,
    loaded_at: Option<Instant>,
    state: Option<HealthState>,
    last_error: Option<ErrorCode>,
    refresh_failures: u32,
    /// The last version accepted, kept across invalidate and expiry so that a reload of a new
    /// version is still reported as a change, exactly once.
    last_seen: Option<Arc<Snapshot>>,
    /// The version the last change replaced: the previous version where the store has none.
    prior: Option<Arc<Snapshot>>,
    previous: Option<PreviousCache>,
    revoked_for: Option<String>,
    refresh_timer: Option<JoinHandle<()>>,
    expiry_timer: Option<JoinHandle<()>>,
    listeners: Vec<(u64, Listener)>,
    next_listener: u64,
}

pub(crate) struct Holder {
    pub name: String,
    pub secret: Arc<SecretDescriptor>,
    pub placement: PlacementDescriptor,
    pub provider: Arc<dyn Provider>,
    pub batcher: Arc<Batcher>,
    pub ttl: Duration,
    pub decoder: TypedDecoder,
    validator: Validator,
    host: Arc<Host>,
    snapshot: ArcSwapOption<Snapshot>,
    inner: Mutex<Inner>,
    previous_flight: tokio::sync::Mutex<()>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Holder {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        secret: Arc<SecretDescriptor>,
        placement: PlacementDescriptor,
        provider: Arc<dyn Provider>,
        batcher: Arc<Batcher>,
        ttl: Duration,
        decoder: TypedDecoder,
        validator: Validator,
        host: Arc<Host>,
    ) -> Arc<Self> {
        Arc::new(Holder {
            name: secret.name.clone(),
            secret,
            placement,
            provider,
            batcher,
            ttl,
            decoder,
            validator,
            host,
            snapshot: ArcSwapOption::empty(),
            inner: Mutex::default(),
            previous_flight: tokio::sync::Mutex::new(()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        })
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("holder lock")
    }

    /// The warm path: the held value, if any.
    #[inline]
    pub fn peek(&self) -> Option<Materialized> {
        let guard = self.snapshot.load();
        let snapshot = guard.as_ref()?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(Arc::clone(&snapshot.value))
    }

    pub fn current_snapshot(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.load_full()
    }

    /// The held snapshot, or the one a (single-flight) load brings.
    pub async fn snapshot(self: &Arc<Self>) -> Result<Arc<Snapshot>, SecretsError> {
        if let Some(snapshot) = self.snapshot.load_full() {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(snapshot);
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        self.flight(Mode::Load).await
    }

    pub async fn refresh(self: &Arc<Self>) -> Result<Arc<Snapshot>, SecretsError> {
        self.flight(Mode::Refresh).await
    }

    pub fn request(&self, stage: Stage) -> FetchRequest {
        FetchRequest {
            secret: Arc::clone(&self.secret),
            placement: self.placement.clone(),
            environment: self.host.environment.clone(),
            stage,
        }
    }

    fn flight(self: &Arc<Self>, mode: Mode) -> Flight {
        let mut inner = self.inner();
        if let Some(flight) = &inner.flight {
            return flight.clone();
        }
        if self.host.closing.is_cancelled() {
            return ready(Err(closed(&self.name))).boxed().shared();
        }
        let receiver = self
            .batcher
            .enqueue_many(vec![self.request(Stage::Current)])
            .pop()
            .expect("one receiver");
        self.start(&mut inner, receiver, mode)
    }

    /// For a preload: a flight already under way, or `None` when a value is held.
    pub fn loading(self: &Arc<Self>) -> Option<Flight> {
        if self.snapshot.load().is_some() {
            return None;
        }
        self.inner().flight.clone()
    }

    /// For a preload: starts a load whose request the caller already queued with its batch.
    pub fn start_queued(
        self: &Arc<Self>,
        receiver: tokio::sync::oneshot::Receiver<FetchResult>,
    ) -> Flight {
        let mut inner = self.inner();
        self.start(&mut inner, receiver, Mode::Load)
    }

    fn start(
        self: &Arc<Self>,
        inner: &mut Inner,
        receiver: tokio::sync::oneshot::Receiver<FetchResult>,
        mode: Mode,
    ) -> Flight {
        let me = Arc::clone(self);
        let name = self.name.clone();
        // The load runs as its own task: a caller that stops waiting does not stop it, and
        // everyone waiting shares its outcome.
        let task = tokio::spawn(async move {
            let result = receiver.await.unwrap_or_else(|_| Err(closed(&me.name)));
            me.settle(result, mode)
        });
        let flight = async move { task.await.unwrap_or_else(|_| Err(closed(&name))) }
            .boxed()
            .shared();
        inner.flight = Some(flight.clone());
        flight
    }

    fn settle(
        self: &Arc<Self>,
        result: FetchResult,
        mode: Mode,
    ) -> Result<Arc<Snapshot>, SecretsError> {
        if self.host.closing.is_cancelled() {
            self.inner().flight = None;
            return Err(closed(&self.name));
        }
        let outcome = result.and_then(|raw| self.to_snapshot(raw));
        match outcome {
            Ok(snapshot) => Ok(self.accept(snapshot)),
            Err(error) => Err(self.fail(error, mode)),
        }
    }

    fn to_snapshot(&self, raw: RawVersion) -> Result<Arc<Snapshot>, SecretsError> {
        if let Some(current) = self.snapshot.load_full() {
            // Same version id, same value: keep the object callers already hold.
            if current.version_id == raw.version_id {
                return Ok(current);
            }
        }
        let value = materialize(&self.secret, &self.validator, &self.decoder, &raw.value)?;
        Ok(Arc::new(Snapshot {
            version_id: raw.version_id.clone(),
            created_at: raw.created_at,
            seen_at: SystemTime::now(),
            value,
        }))
    }

    fn accept(self: &Arc<Self>, snapshot: Arc<Snapshot>) -> Arc<Snapshot> {
        let (listeners, event) = {
            let mut inner = self.inner();
            let held = self.snapshot.load_full();
            if !held.as_ref().is_some_and(|h| Arc::ptr_eq(h, &snapshot)) {
                self.snapshot.store(Some(Arc::clone(&snapshot)));
            }
            let replaced = inner.last_seen.take();
            let changed = replaced
                .as_ref()
                .is_some_and(|r| r.version_id != snapshot.version_id);
            if changed {
                inner.prior = replaced.clone();
                inner.previous = None;
                inner.revoked_for = None;
            }
            inner.last_seen = Some(Arc::clone(&snapshot));
            inner.loaded_at = Some(Instant::now());
            inner.state = Some(HealthState::Fresh);
            inner.last_error = None;
            inner.refresh_failures = 0;
            inner.flight = None;
            if let Some(timer) = inner.expiry_timer.take() {
                timer.abort();
            }
            let delay = self.refresh_delay();
            self.set_refresh_timer(&mut inner, delay);
            if changed {
                let listeners: Vec<Listener> =
                    inner.listeners.iter().map(|(_, l)| Arc::clone(l)).collect();
                (
                    listeners,
                    Some(ChangeEvent {
                        current: Arc::clone(&snapshot),
                        previous: replaced,
                    }),
                )
            } else {
                (Vec::new(), None)
            }
        };
        if let Some(event) = event {
            for listener in listeners {
                // A listener that panics must not take the refresh task with it.
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| listener(&event)));
                if outcome.is_err() {
                    log::error!(target: "locksmith", "event=listener_failed secret={}", self.name);
                }
            }
        }
        snapshot
    }

    fn fail(self: &Arc<Self>, error: SecretsError, mode: Mode) -> SecretsError {
        let error = error.for_secret(&self.name);
        let mut inner = self.inner();
        inner.flight = None;
        inner.last_error = Some(error.code());
        if self.snapshot.load().is_some() {
            inner.state = Some(HealthState::Stale);
            if inner.expiry_timer.is_none() {
                let loaded = inner.loaded_at.unwrap_or_else(Instant::now);
                let expires = loaded + self.ttl + self.host.max_staleness;
                let weak = Arc::downgrade(self);
                inner.expiry_timer = Some(after(
                    expires.saturating_duration_since(Instant::now()),
                    weak,
                    |h| h.expire(),
                ));
            }
            log::warn!(
                target: "locksmith",
                "event=stale_serve secret={} provider={} code={}",
                self.name,
                self.provider.name(),
                error.code()
            );
        } else {
            inner.state = Some(HealthState::Failed);
            log::warn!(
                target: "locksmith",
                "event=load_failed secret={} provider={} code={}",
                self.name,
                self.provider.name(),
                error.code()
            );
        }
        if mode == Mode::Refresh {
            inner.refresh_failures += 1;
            let backoff = REFRESH_RETRY.base
                + full_jitter(
                    &REFRESH_RETRY,
                    inner.refresh_failures - 1,
                    self.host.loader.random(),
                );
            self.set_refresh_timer(&mut inner, backoff);
        }
        error
    }

    /// ~80% of the TTL ±10% jitter, so a fleet started together does not refresh in step.
    fn refresh_delay(&self) -> Duration {
        let ttl = self.ttl.as_secs_f64();
        let jitter = (self.host.loader.random() * 2.0 - 1.0) * JITTER * ttl;
        Duration::from_secs_f64((ttl * REFRESH_AT + jitter).max(0.001))
    }

    fn set_refresh_timer(self: &Arc<Self>, inner: &mut Inner, delay: Duration) {
        if let Some(timer) = inner.refresh_timer.take() {
            timer.abort();
        }
        inner.refresh_timer = Some(after(delay, Arc::downgrade(self), |h| {
            h.background_refresh()
        }));
    }

    /// Fired by the refresh timer and by provider watches. Failures are recorded, not returned.
    pub fn background_refresh(self: &Arc<Self>) {
        if self.host.closing.is_cancelled() {
            return;
        }
        drop(self.flight(Mode::Refresh));
    }

    fn expire(self: &Arc<Self>) {
        let mut inner = self.inner();
        inner.expiry_timer = None;
        self.snapshot.store(None);
        inner.state = Some(HealthState::Failed);
        log::error!(
            target: "locksmith",
            "event=value_expired secret={} provider={} code={}",
            self.name,
            self.provider.name(),
            inner.last_error.map_or("none", ErrorCode::as_str)
        );
    }

    pub fn invalidate(&self) {
        let mut inner = self.inner();
        stop_timers(&mut inner);
        self.snapshot.store(None);
        inner.state = None;
        inner.last_error = None;
        inner.previous = None;
    }

    /// Stops offering the previous version of the current one at once.
    pub fn revoke_previous(&self) {
        let mut inner = self.inner();
        inner.revoked_for = self.snapshot.load().as_ref().map(|s| s.version_id.clone());
        inner.previous = None;
        inner.prior = None;
    }

    /// When the previous version stops being offered: `created_at` (or first sight) of the
    /// current version plus the catalog's overlap. `None` without an overlap (then it is offered
    /// until the next rotation) or once revoked.
    pub fn overlap_ends_at(&self, current: &Snapshot) -> Option<SystemTime> {
        let overlap = Duration::from_millis(self.secret.rotation.overlap_ms?);
        if self.inner().revoked_for.as_deref() == Some(current.version_id.as_str()) {
            return None;
        }
        Some(current.created_at.unwrap_or(current.seen_at) + overlap)
    }

    fn previous_allowed(&self, current: &Snapshot) -> bool {
        if self.inner().revoked_for.as_deref() == Some(current.version_id.as_str()) {
            return false;
        }
        match self.secret.rotation.overlap_ms {
            None => true,
            Some(_) => self
                .overlap_ends_at(current)
                .is_some_and(|end| SystemTime::now() <= end),
        }
    }

    /// The previous version of `current`, within the overlap: fetched from the store's previous
    /// stage and cached for the TTL; where the store has none (env, files), the version this
    /// process saw before the last change.
    pub async fn previous(self: &Arc<Self>, current: &Arc<Snapshot>) -> Option<Arc<Snapshot>> {
        if !self.previous_allowed(current) {
            return None;
        }
        if let Some(cached) = self.cached_previous(current) {
            return cached;
        }
        let _single_flight = self.previous_flight.lock().await;
        if let Some(cached) = self.cached_previous(current) {
            return cached;
        }
        let ctx = CallContext::new()
            .with_cancel(self.host.closing.child_token())
            .with_timeout(self.host.timeout);
        let result = self
            .host
            .loader
            .fetch(&self.provider, vec![self.request(Stage::Previous)], &ctx)
            .await
            .pop()
            .expect("one result");
        let fallback = {
            let inner = self.inner();
            inner
                .prior
                .clone()
                .filter(|p| p.version_id != current.version_id)
        };
        let version = match result {
            Ok(raw) if raw.version_id == current.version_id => fallback,
            Ok(raw) => {
                match materialize(&self.secret, &self.validator, &self.decoder, &raw.value) {
                    Ok(value) => Some(Arc::new(Snapshot {
                        version_id: raw.version_id.clone(),
                        created_at: raw.created_at,
                        seen_at: SystemTime::now(),
                        value,
                    })),
                    Err(error) => {
                        log::warn!(target: "locksmith", "event=previous_invalid secret={} code={}", self.name, error.code());
                        fallback
                    }
                }
            }
            Err(e) if matches!(e.code(), ErrorCode::NotFound | ErrorCode::InvalidRequest) => {
                fallback
            }
            Err(e) => {
                // The store is struggling: answer with what we know, but do not cache it.
                log::warn!(target: "locksmith", "event=previous_unavailable secret={} code={}", self.name, e.code());
                return fallback;
            }
        };
        let mut inner = self.inner();
        if inner.revoked_for.as_deref() == Some(current.version_id.as_str()) {
            return None;
        }
        inner.previous = Some(PreviousCache {
            for_version: current.version_id.clone(),
            expires_at: Instant::now() + self.ttl,
            version: version.clone(),
        });
        version
    }

    fn cached_previous(&self, current: &Snapshot) -> Option<Option<Arc<Snapshot>>> {
        let inner = self.inner();
        let cached = inner.previous.as_ref()?;
        (cached.for_version == current.version_id && Instant::now() < cached.expires_at)
            .then(|| cached.version.clone())
    }

    pub fn subscribe(&self, listener: Listener) -> u64 {
        let mut inner = self.inner();
        inner.next_listener += 1;
        let id = inner.next_listener;
        inner.listeners.push((id, listener));
        id
    }

    pub fn unsubscribe(&self, id: u64) {
        self.inner().listeners.retain(|(i, _)| *i != id);
    }

    pub fn health(&self) -> SecretHealth {
        let inner = self.inner();
        let snapshot = self.snapshot.load_full();
        let state = match (&snapshot, inner.state) {
            (None, Some(HealthState::Failed)) => HealthState::Failed,
            (None, _) => HealthState::Cold,
            (Some(_), Some(state)) => state,
            (Some(_), None) => HealthState::Fresh,
        };
        let revoked = snapshot
            .as_ref()
            .is_some_and(|s| inner.revoked_for.as_deref() == Some(s.version_id.as_str()));
        let overlap_ends_at = match (&snapshot, self.secret.rotation.overlap_ms) {
            (Some(s), Some(ms)) if !revoked => {
                Some(s.created_at.unwrap_or(s.seen_at) + Duration::from_millis(ms))
            }
            _ => None,
        };
        SecretHealth {
            secret: self.name.clone(),
            state,
            provider: self.provider.name().to_owned(),
            age: snapshot
                .as_ref()
                .and(inner.loaded_at)
                .map(|at| at.elapsed()),
            version_id: snapshot.as_ref().map(|s| s.version_id.clone()),
            last_error: inner.last_error,
            overlap_ends_at,
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    pub fn dispose(&self) {
        let mut inner = self.inner();
        stop_timers(&mut inner);
        inner.listeners.clear();
    }
}

fn stop_timers(inner: &mut Inner) {
    for timer in [inner.refresh_timer.take(), inner.expiry_timer.take()]
        .into_iter()
        .flatten()
    {
        timer.abort();
    }
}

/// Runs `then` on the holder after `delay`, unless the holder is gone by then.
fn after(delay: Duration, holder: Weak<Holder>, then: fn(&Arc<Holder>)) -> JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        if let Some(holder) = holder.upgrade() {
            then(&holder);
        }
    })
}

pub(crate) fn closed(secret: &str) -> SecretsError {
    SecretsError::new(
        ErrorCode::Closed,
        format!("client is closed (secret \"{secret}\")"),
    )
    .with_secret(secret)
}
