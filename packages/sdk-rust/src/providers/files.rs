//! Kubernetes Secrets mounted as volumes: `<root>/<secret>/<ENV_VAR_NAME>`, one file per field.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::{ready, BoxFuture, FutureExt};

use super::fingerprint::VersionCounter;
use super::{CallContext, ChangeCallback, FetchRequest, FetchResult, Provider, Stage, WatchGuard};
use crate::decode::{RawValue, RawVersion};
use crate::errors::{ErrorCode, SecretsError};

/// The kubelet's atomic-writer link: `..data` points at a timestamped directory of the files.
pub const DATA_LINK: &str = "..data";

/// Options of the files provider.
#[derive(Clone, Debug)]
pub struct FilesProviderOptions {
    /// Directory holding one sub-directory per mounted secret (`LOCKSMITH_FILES_ROOT`).
    pub root: PathBuf,
    /// How often a watch looks at the `..data` links (default 1 s).
    pub poll_interval: Duration,
}

impl FilesProviderOptions {
    /// Options for `root` with the default poll interval.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FilesProviderOptions {
            root: root.into(),
            poll_interval: Duration::from_secs(1),
        }
    }
}

/// A secret's directory and the `..data` target its last fetch read through.
type Served = (PathBuf, Option<PathBuf>);

/// Reads every field through the directory `..data` points to at that moment, so one value
/// never mixes two updates; that target's name is the version id. Every resolved path, the
/// `..data` target included, must stay under the root: a link out of it is refused with
/// UNSAFE_PATH rather than followed. A watch reports a secret when its `..data` link changes.
pub struct FilesProvider {
    options: FilesProviderOptions,
    versions: VersionCounter,
    /// Secret name → its directory and the `..data` target its last fetch read through, for
    /// the watch: a swap is a change against what was served, not against the watch's last look.
    known: Arc<Mutex<HashMap<String, Served>>>,
}

impl fmt::Debug for FilesProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilesProvider")
            .field("root", &self.options.root)
            .finish()
    }
}

impl FilesProvider {
    /// A provider reading under `options.root`.
    pub fn new(options: FilesProviderOptions) -> Self {
        FilesProvider {
            options,
            versions: VersionCounter::default(),
            known: Arc::default(),
        }
    }

    fn fetch_one(&self, request: &FetchRequest) -> FetchResult {
        let secret = request.secret.name.as_str();
        let fail = |code: ErrorCode, why: String| {
            Err(
                SecretsError::new(code, format!("files: secret \"{secret}\" {why}"))
                    .with_secret(secret)
                    .with_provider("files"),
            )
        };
        if request.stage != Stage::Current {
            return fail(
                ErrorCode::NotFound,
                format!("has no {} version on disk", request.stage.as_str()),
            );
        }
        let Ok(root) = self.options.root.canonicalize() else {
            return fail(
                ErrorCode::NotFound,
                format!("has no files root at {}", self.options.root.display()),
            );
        };
        let dir = root.join(secret);
        let target = std::fs::read_link(dir.join(DATA_LINK)).ok();
        let base = match &target {
            Some(t) => dir.join(t),
            None => dir.clone(),
        };
        match base.canonicalize() {
            Ok(real) if !real.starts_with(&root) => {
                return fail(
                    ErrorCode::UnsafePath,
                    format!("resolves outside the files root ({DATA_LINK} or directory link)"),
                )
            }
            Ok(_) => {}
            Err(_) => {
                return fail(
                    ErrorCode::NotFound,
                    format!("has no directory in {}", root.display()),
                )
            }
        }
        self.known
            .lock()
            .expect("files lock")
            .insert(secret.to_owned(), (dir.clone(), target.clone()));
        let mut fields = BTreeMap::new();
        let mut missing = Vec::new();
        for field in &request.secret.fields {
            let path = base.join(&field.env);
            match read_under(&root, &path) {
                Ok(text) => {
                    fields.insert(field.key().to_owned(), text);
                }
                Err(Read::Missing) if field.required && field.default.is_none() => {
                    missing.push(field.env.as_str())
                }
                Err(Read::Missing) => {}
                Err(Read::Outside) => {
                    return fail(
                        ErrorCode::UnsafePath,
                        format!("file {} resolves outside the files root", field.env),
                    )
                }
                Err(Read::Denied) => {
                    return fail(
                        ErrorCode::AccessDenied,
                        format!("cannot read {}", field.env),
                    )
                }
                Err(Read::Other) => {
                    return fail(ErrorCode::Unavailable, format!("cannot read {}", field.env))
                }
            }
        }
        if !missing.is_empty() {
            return fail(
                ErrorCode::NotFound,
                format!("has no file {} in {}", missing.join(", "), dir.display()),
            );
        }
        let version_id = match target {
            Some(t) => t.to_string_lossy().into_owned(),
            None => self.versions.version("files", secret, &fields),
        };
        Ok(RawVersion {
            version_id,
            value: RawValue::Fields(fields),
            created_at: None,
        })
    }
}

enum Read {
    Missing,
    Outside,
    Denied,
    Other,
}

/// Reads `path` only when its real location is under `root`.
fn read_under(root: &Path, path: &Path) -> Result<String, Read> {
    let real = path.canonicalize().map_err(|e| match e.kind() {
        ErrorKind::NotFound | ErrorKind::NotADirectory => Read::Missing,
        ErrorKind::PermissionDenied => Read::Denied,
        _ => Read::Other,
    })?;
    if !real.starts_with(root) {
        return Err(Read::Outside);
    }
    std::fs::read_to_string(&real).map_err(|e| match e.kind() {
        ErrorKind::NotFound => Read::Missing,
        ErrorKind::PermissionDenied => Read::Denied,
        _ => Read::Other,
    })
}

impl Provider for FilesProvider {
    fn name(&self) -> &str {
        "files"
    }

    fn max_batch_size(&self) -> usize {
        usize::MAX
    }

    fn fetch<'a>(
        &'a self,
        requests: &'a [FetchRequest],
        _ctx: &'a CallContext,
    ) -> BoxFuture<'a, Vec<FetchResult>> {
        ready(requests.iter().map(|r| self.fetch_one(r)).collect()).boxed()
    }

    fn watch(&self, on_change: ChangeCallback) -> Option<WatchGuard> {
        let known = Arc::clone(&self.known);
        let interval = self.options.poll_interval;
        let runtime = tokio::runtime::Handle::try_current().ok()?;
        // Polling the links is one readlink per secret per interval: cheaper to build and to
        // reason about than inotify, and it sees the kubelet's rename however it is done.
        let task = runtime.spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                let mut changed = Vec::new();
                for (secret, (dir, seen)) in known.lock().expect("files lock").iter_mut() {
                    let now = std::fs::read_link(dir.join(DATA_LINK)).ok();
                    if now != *seen {
                        *seen = now;
                        changed.push(secret.clone());
                    }
                }
                if !changed.is_empty() {
                    changed.sort();
                    on_change(changed);
                }
            }
        });
        Some(WatchGuard::new(vec![task]))
    }
}
