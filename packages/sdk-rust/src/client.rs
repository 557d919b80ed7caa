//! The runtime client of one service.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, Weak};

use futures_util::future::join_all;
use serde::de::DeserializeOwned;
use tokio_util::sync::CancellationToken;

use crate::cache::batcher::Batcher;
use crate::cache::holder::{Holder, Host};
use crate::cache::loader::Loader;
use crate::decode::{TypedDecoder, Validator};
use crate::descriptor::{PlacementDescriptor, ServiceDescriptor, StoreName};
use crate::errors::{ErrorCode, SecretsError};
use crate::handle::SecretHandle;
use crate::health::HealthReport;
use crate::options::{ClientOptions, DEFAULT_CACHE_TTL, DEFAULT_MAX_STALENESS, DEFAULT_TIMEOUT};
use crate::providers::{Provider, Stage, WatchGuard};
use crate::select::select;

/// Builds a [`SecretClient`]: generated modules register each secret's type, then build.
pub struct ClientBuilder {
    descriptor: ServiceDescriptor,
    decoders: HashMap<String, TypedDecoder>,
    options: ClientOptions,
}

impl ClientBuilder {
    /// Values of `secret` are deserialized into `V` (its generated struct, or `Secret<String>`).
    pub fn register<V: DeserializeOwned + Send + Sync + 'static>(mut self, secret: &str) -> Self {
        self.decoders
            .insert(secret.to_owned(), TypedDecoder::of::<V>());
        self
    }

    /// Sets the options.
    pub fn options(mut self, options: ClientOptions) -> Self {
        self.options = options;
        self
    }

    /// Builds the client: picks the environment and the stores, compiles every value schema.
    /// Nothing is fetched until the first read or [`SecretClient::preload`].
    pub async fn build(self) -> Result<SecretClient, SecretsError> {
        SecretClient::build(self).await
    }
}

struct ClientInner {
    service: String,
    environment: String,
    host: Arc<Host>,
    holders: BTreeMap<String, Arc<Holder>>,
    watches: Mutex<Vec<WatchGuard>>,
}

/// Serves one service's secrets: cached, refreshed ahead of expiry, validated, rotation-aware.
/// Cheap to clone; `Debug` shows names and health, never a value.
#[derive(Clone)]
pub struct SecretClient {
    inner: Arc<ClientInner>,
}

impl fmt::Debug for SecretClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretClient")
            .field("service", &self.inner.service)
            .field("environment", &self.inner.environment)
            .field("health", &self.health())
            .finish()
    }
}

impl SecretClient {
    /// A builder for `descriptor`.
    pub fn builder(descriptor: ServiceDescriptor) -> ClientBuilder {
        ClientBuilder {
            descriptor,
            decoders: HashMap::new(),
            options: ClientOptions::default(),
        }
    }

    async fn build(builder: ClientBuilder) -> Result<SecretClient, SecretsError> {
        let ClientBuilder {
            descriptor,
            decoders,
            options,
        } = builder;
        if let Some(unknown) = decoders
            .keys()
            .find(|name| !descriptor.secrets.contains_key(*name))
        {
            return Err(unknown_secret(unknown));
        }
        let environment = pick_environment(&descriptor, &options)?;
        let providers = select(&descriptor, &environment, &options).await?;
        let random = options
            .random
            .clone()
            .unwrap_or_else(|| Arc::new(fastrand::f64));
        let loader = Arc::new(Loader::new(
            options.retry.unwrap_or_default(),
            options.breaker.unwrap_or_default(),
            random,
        ));
        let timeout = options.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let closing = CancellationToken::new();
        let host = Arc::new(Host {
            environment: environment.clone(),
            timeout,
            max_staleness: options.max_staleness.unwrap_or(DEFAULT_MAX_STALENESS),
            loader: Arc::clone(&loader),
            closing: closing.clone(),
        });
        let mut batchers: HashMap<usize, Arc<Batcher>> = HashMap::new();
        let mut holders = BTreeMap::new();
        for (name, secret) in &descriptor.secrets {
            let validator = Validator::compile(secret)?;
            let provider = Arc::clone(&providers[name]);
            let key = Arc::as_ptr(&provider) as *const () as usize;
            let batcher = Arc::clone(batchers.entry(key).or_insert_with(|| {
                Batcher::new(
                    Arc::clone(&provider),
                    Arc::clone(&loader),
                    timeout,
                    closing.clone(),
                )
            }));
            let placement =
                secret
                    .placements
                    .get(&environment)
                    .cloned()
                    .unwrap_or(PlacementDescriptor {
                        provider: StoreName::Aws,
                        path: name.clone(),
                    });
            let ttl = options
                .cache_ttl
                .or(secret.cache_ttl_ms.map(std::time::Duration::from_millis))
                .unwrap_or(DEFAULT_CACHE_TTL);
            let decoder = decoders
                .get(name)
                .copied()
                .unwrap_or_else(TypedDecoder::untyped);
            let holder = Holder::new(
                Arc::new(secret.clone()),
                placement,
                provider,
                batcher,
                ttl,
                decoder,
                validator,
                Arc::clone(&host),
            );
            holders.insert(name.clone(), holder);
        }
        let inner = Arc::new(ClientInner {
            service: descriptor.service.clone(),
            environment,
            host,
            holders,
            watches: Mutex::default(),
        });
        let mut seen: Vec<Arc<dyn Provider>> = Vec::new();
        for provider in providers.values() {
            if seen.iter().any(|p| Arc::ptr_eq(p, provider)) {
                continue;
            }
            seen.push(Arc::clone(provider));
            let weak: Weak<ClientInner> = Arc::downgrade(&inner);
            let guard = provider.watch(Arc::new(move |names: Vec<String>| {
                if let Some(inner) = weak.upgrade() {
                    for name in names {
                        if let Some(holder) = inner.holders.get(&name) {
                            holder.background_refresh();
                        }
                    }
                }
            }));
            if let Some(guard) = guard {
                inner.watches.lock().expect("watches lock").push(guard);
            }
        }
        Ok(SecretClient { inner })
    }

    /// The service name.
    pub fn service(&self) -> &str {
        &self.inner.service
    }

    /// The environment it runs in.
    pub fn environment(&self) -> &str {
        &self.inner.environment
    }

    fn holder(&self, name: &str) -> Result<&Arc<Holder>, SecretsError> {
        self.inner
            .holders
            .get(name)
            .ok_or_else(|| unknown_secret(name))
    }

    /// The typed handle of `name`; CONFIGURATION when the service does not read it or `V` is not
    /// the type it was registered with.
    pub fn secret<V: Any + Send + Sync>(
        &self,
        name: &str,
    ) -> Result<SecretHandle<V>, SecretsError> {
        let holder = self.holder(name)?;
        if holder.decoder.type_id != TypeId::of::<V>() {
            return Err(SecretsError::new(
                ErrorCode::Configuration,
                format!(
                    "secret \"{name}\" is registered as {}, not {}",
                    holder.decoder.type_name,
                    std::any::type_name::<V>()
                ),
            )
            .with_secret(name));
        }
        Ok(SecretHandle::new(Arc::clone(holder)))
    }

    /// Loads every cold secret in the fewest store calls (BatchGetSecretValue, 20 a call) and
    /// waits for them; one error lists every secret that failed.
    pub async fn preload(&self) -> Result<(), SecretsError> {
        let mut flights = Vec::new();
        let mut queued: HashMap<usize, (Arc<Batcher>, Vec<Arc<Holder>>)> = HashMap::new();
        for holder in self.inner.holders.values() {
            if let Some(flight) = holder.loading() {
                flights.push(flight);
            } else if holder.current_snapshot().is_none() {
                let key = Arc::as_ptr(&holder.batcher) as usize;
                queued
                    .entry(key)
                    .or_insert_with(|| (Arc::clone(&holder.batcher), Vec::new()))
                    .1
                    .push(Arc::clone(holder));
            }
        }
        for (batcher, holders) in queued.into_values() {
            let receivers =
                batcher.enqueue_many(holders.iter().map(|h| h.request(Stage::Current)).collect());
            for (holder, receiver) in holders.iter().zip(receivers) {
                flights.push(holder.start_queued(receiver));
            }
        }
        let failures: Vec<SecretsError> = join_all(flights)
            .await
            .into_iter()
            .filter_map(Result::err)
            .collect();
        if failures.is_empty() {
            Ok(())
        } else {
            Err(SecretsError::aggregate(failures))
        }
    }

    /// Every secret's state; `ready` when each holds a value within its staleness bound.
    pub fn health(&self) -> HealthReport {
        let secrets: Vec<_> = self.inner.holders.values().map(|h| h.health()).collect();
        let ready = self
            .inner
            .holders
            .values()
            .all(|h| h.current_snapshot().is_some());
        HealthReport { ready, secrets }
    }

    /// Stops refreshes and watches; loads under way end with CLOSED.
    pub fn close(&self) {
        self.inner.host.closing.cancel();
        self.inner.watches.lock().expect("watches lock").clear();
        for holder in self.inner.holders.values() {
            holder.dispose();
        }
    }
}

impl Drop for ClientInner {
    fn drop(&mut self) {
        self.host.closing.cancel();
        for holder in self.holders.values() {
            holder.dispose();
        }
    }
}

fn pick_environment(
    descriptor: &ServiceDescriptor,
    options: &ClientOptions,
) -> Result<String, SecretsError> {
    let wanted = options
        .environment
        .clone()
        .or_else(|| options.var("LOCKSMITH_ENV"));
    if let Some(env) = wanted
        .as_ref()
        .filter(|e| descriptor.environments.contains_key(*e))
    {
        return Ok(env.clone());
    }
    let valid: Vec<&str> = descriptor.environments.keys().map(String::as_str).collect();
    let why = match wanted {
        None => "no environment given (set LOCKSMITH_ENV or options.environment)".to_owned(),
        Some(e) => format!("unknown environment \"{e}\""),
    };
    Err(SecretsError::new(
        ErrorCode::Configuration,
        format!(
            "{why}; service \"{}\" runs in: {}",
            descriptor.service,
            valid.join(", ")
        ),
    ))
}

fn unknown_secret(name: &str) -> SecretsError {
    SecretsError::new(
        ErrorCode::Configuration,
        format!("secret \"{name}\" is not read by this service"),
    )
    .with_secret(name)
}
