//! A typed handle on one secret.

use std::any::Any;
use std::marker::PhantomData;
use std::sync::{Arc, Weak};
use std::time::{Duration, SystemTime};

use tokio_util::sync::CancellationToken;

use crate::cache::holder::{ChangeEvent, Holder, Snapshot};
use crate::decode::Materialized;
use crate::errors::{ErrorCode, SecretsError};
use crate::providers::CallContext;

/// One version of a value.
pub struct Version<V> {
    /// Store version id.
    pub version_id: String,
    /// When the store created it, if it says.
    pub created_at: Option<SystemTime>,
    /// The value.
    pub value: Arc<V>,
}

impl<V> Clone for Version<V> {
    fn clone(&self) -> Self {
        Version {
            version_id: self.version_id.clone(),
            created_at: self.created_at,
            value: Arc::clone(&self.value),
        }
    }
}

impl<V> std::fmt::Debug for Version<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Version")
            .field("version_id", &self.version_id)
            .field("value", &"[REDACTED]")
            .finish()
    }
}

/// The versions a dual-key rotation needs: the current one, and the previous one while the
/// catalog's overlap lasts.
#[derive(Clone, Debug)]
pub struct Versions<V> {
    /// The current version.
    pub current: Version<V>,
    /// The previous version, within the overlap and unless revoked.
    pub previous: Option<Version<V>>,
}

/// Per-call limits of a read that may reach the store.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// Give up waiting after this long (TIMEOUT); the load itself goes on for other callers.
    pub timeout: Option<Duration>,
    /// Give up waiting when cancelled (ABORTED).
    pub cancel: Option<CancellationToken>,
}

/// A typed handle on one secret; cheap to clone. `V` is the type the secret was registered
/// with (its generated struct, or [`crate::SecretValue`]).
pub struct SecretHandle<V> {
    holder: Arc<Holder>,
    _value: PhantomData<fn() -> V>,
}

impl<V> Clone for SecretHandle<V> {
    fn clone(&self) -> Self {
        SecretHandle {
            holder: Arc::clone(&self.holder),
            _value: PhantomData,
        }
    }
}

impl<V> std::fmt::Debug for SecretHandle<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretHandle")
            .field("health", &self.holder.health())
            .finish()
    }
}

fn cast<V: Any + Send + Sync>(value: Materialized) -> Arc<V> {
    value
        .downcast::<V>()
        .unwrap_or_else(|_| unreachable!("the handle's type is checked when it is made"))
}

fn version<V: Any + Send + Sync>(snapshot: &Snapshot) -> Version<V> {
    Version {
        version_id: snapshot.version_id.clone(),
        created_at: snapshot.created_at,
        value: cast(Arc::clone(&snapshot.value)),
    }
}

impl<V: Any + Send + Sync> SecretHandle<V> {
    pub(crate) fn new(holder: Arc<Holder>) -> Self {
        SecretHandle {
            holder,
            _value: PhantomData,
        }
    }

    /// The catalog name.
    pub fn name(&self) -> &str {
        &self.holder.name
    }

    /// The value. Warm, a memory read; cold, one load however many callers ask at once.
    pub async fn get(&self) -> Result<Arc<V>, SecretsError> {
        if let Some(value) = self.holder.peek() {
            return Ok(cast(value));
        }
        self.holder
            .snapshot()
            .await
            .map(|s| cast(Arc::clone(&s.value)))
    }

    /// [`SecretHandle::get`] with a timeout or cancellation for this caller.
    pub async fn get_with(&self, call: CallOptions) -> Result<Arc<V>, SecretsError> {
        if let Some(value) = self.holder.peek() {
            return Ok(cast(value));
        }
        let mut ctx = CallContext::new();
        if let Some(cancel) = call.cancel {
            ctx = ctx.with_cancel(cancel);
        }
        if let Some(timeout) = call.timeout {
            ctx = ctx.with_timeout(timeout);
        }
        ctx.run(Some(&self.holder.name), self.holder.snapshot())
            .await
            .map(|s| cast(Arc::clone(&s.value)))
    }

    /// The loaded value without waiting; NOT_LOADED when cold.
    pub fn current(&self) -> Result<Arc<V>, SecretsError> {
        self.holder.peek().map(cast).ok_or_else(|| {
            SecretsError::new(
                ErrorCode::NotLoaded,
                format!(
                    "secret \"{}\" is not loaded: await get() or preload() first",
                    self.holder.name
                ),
            )
            .with_secret(&self.holder.name)
        })
    }

    /// The current version and, within the overlap, the previous one.
    pub async fn versions(&self) -> Result<Versions<V>, SecretsError> {
        let current = self.holder.snapshot().await?;
        let previous = self.holder.previous(&current).await;
        Ok(Versions {
            current: version(&current),
            previous: previous.as_deref().map(version),
        })
    }

    /// Loads the secret again now (joining a load already under way).
    pub async fn refresh(&self) -> Result<Arc<V>, SecretsError> {
        self.holder
            .refresh()
            .await
            .map(|s| cast(Arc::clone(&s.value)))
    }

    /// Drops the held value; the next read loads it again.
    pub fn invalidate(&self) {
        self.holder.invalidate();
    }

    /// Stops offering the previous version at once (the old key is compromised, or every
    /// consumer has moved on), until the next rotation.
    pub fn revoke_previous(&self) {
        self.holder.revoke_previous();
    }

    /// Calls `listener` once for every change of version, including a reload of a new version
    /// after an expiry or an invalidate. Dropping the subscription unsubscribes.
    pub fn on_change(
        &self,
        listener: impl Fn(&Versions<V>) + Send + Sync + 'static,
    ) -> Subscription {
        let id = self.holder.subscribe(Arc::new(move |event: &ChangeEvent| {
            listener(&Versions {
                current: version(&event.current),
                previous: event.previous.as_deref().map(version),
            })
        }));
        Subscription {
            holder: Arc::downgrade(&self.holder),
            id,
        }
    }

    /// This secret's health.
    pub fn health(&self) -> crate::health::SecretHealth {
        self.holder.health()
    }
}

/// A change subscription; dropping it unsubscribes.
#[must_use = "dropping a subscription unsubscribes"]
#[derive(Debug)]
pub struct Subscription {
    holder: Weak<Holder>,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(holder) = self.holder.upgrade() {
            holder.unsubscribe(self.id);
        }
    }
}
