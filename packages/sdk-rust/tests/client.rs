//! The runtime client against locksmith-fake: batching, single flight, retries that do not
//! multiply, the breaker, stale-on-error, rotation overlap, change events and redaction.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use locksmith_sdk::resilience::{BreakerPolicy, RetryPolicy};
use locksmith_sdk::{
    ClientOptions, ErrorCode, HealthState, Secret, SecretClient, SecretValue, ServiceDescriptor,
};
use serde_json::{json, Value};
use support::fake::Fake;
use support::stores::Store;

/// A descriptor for `secrets`: (name, store, path, schema, rotation).
fn descriptor(secrets: &[(&str, &str, &str, Value, Value)]) -> ServiceDescriptor {
    let mut map = serde_json::Map::new();
    for (name, store, path, schema, rotation) in secrets {
        let kind = schema["type"].as_str().unwrap();
        let fields: Vec<Value> = match kind {
            "object" => schema["properties"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| json!({ "name": k, "env": k.to_uppercase(), "type": v["type"], "required": true }))
                .collect(),
            _ => vec![json!({ "name": null, "env": name.to_uppercase().replace('-', "_"), "type": "string", "required": true })],
        };
        map.insert(
            name.to_string(),
            json!({ "name": name, "kind": kind, "schema": schema, "fields": fields, "rotation": rotation,
                    "placements": { "test": { "provider": store, "path": path } } }),
        );
    }
    serde_json::from_value(json!({
        "project": "t", "service": "svc", "catalogHash": "0",
        "environments": { "test": { "source": "store", "production": false } },
        "providers": { "aws": { "region": "us-east-1", "accountId": "1" },
                       "vault": { "mount": "secret", "authMethod": "token", "authMount": "token", "roles": {} } },
        "secrets": map
    }))
    .unwrap()
}

fn manual() -> Value {
    json!({ "strategy": "manual" })
}

fn options(fake: &Fake) -> ClientOptions {
    let mut vars = fake.env();
    vars.insert("LOCKSMITH_ENV".into(), "test".into());
    ClientOptions {
        vars: Some(vars),
        retry: Some(RetryPolicy {
            attempts: 3,
            base: Duration::from_millis(5),
            cap: Duration::from_millis(20),
        }),
        ..ClientOptions::default()
    }
}

async fn count(fake: &Fake, target: &str, op: &str) -> usize {
    fake.requests(target)
        .await
        .iter()
        .filter(|r| r["op"] == op)
        .count()
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{:08x}", fastrand::u32(..))
}

/// Polls `probe` until it is true: waiting for an event, bounded so a broken build fails.
async fn until(what: &str, mut probe: impl FnMut() -> bool) {
    for _ in 0..500 {
        if probe() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preload_of_100_secrets_takes_5_batched_requests() {
    let fake = Fake::start().await;
    let store = Store::aws(
        &fake.aws_endpoint(),
        &fake.region(),
        fake.access_key(),
        true,
    )
    .await;
    let base = unique("many");
    let mut secrets = Vec::new();
    for i in 0..100 {
        let path = format!("{base}/s{i:03}");
        store.write(&path, &json!(format!("value-{i:03}"))).await;
        secrets.push((format!("s{i:03}"), path));
    }
    let list: Vec<(&str, &str, &str, Value, Value)> = secrets
        .iter()
        .map(|(n, p)| {
            (
                n.as_str(),
                "aws",
                p.as_str(),
                json!({ "type": "string" }),
                manual(),
            )
        })
        .collect();
    fake.clear_requests().await;
    let client = SecretClient::builder(descriptor(&list))
        .options(options(&fake))
        .build()
        .await
        .unwrap();
    client.preload().await.unwrap();
    let requests = fake.requests("aws").await;
    assert_eq!(requests.len(), 5, "100 secrets, 20 a BatchGetSecretValue");
    assert!(requests.iter().all(|r| r["op"] == "BatchGetSecretValue"));
    let handle = client.secret::<SecretValue>("s042").unwrap();
    assert_eq!(handle.current().unwrap().expose(), "value-042");
    assert!(client.health().ready);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_cold_readers_share_one_request() {
    let fake = Fake::start().await;
    let store = Store::aws(
        &fake.aws_endpoint(),
        &fake.region(),
        fake.access_key(),
        true,
    )
    .await;
    let path = unique("single");
    store.write(&path, &json!("the-value")).await;
    fake.clear_requests().await;
    let client = SecretClient::builder(descriptor(&[(
        "one",
        "aws",
        &path,
        json!({ "type": "string" }),
        manual(),
    )]))
    .register::<Secret<String>>("one")
    .options(options(&fake))
    .build()
    .await
    .unwrap();
    let handle = client.secret::<Secret<String>>("one").unwrap();
    let readers = (0..50).map(|_| {
        let h = handle.clone();
        tokio::spawn(async move { h.get().await.map(|v| v.expose().clone()) })
    });
    for reader in futures_util::future::join_all(readers).await {
        assert_eq!(reader.unwrap().unwrap(), "the-value");
    }
    assert_eq!(fake.requests("aws").await.len(), 1);
    assert_eq!(handle.health().misses, 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_are_the_runtimes_only_and_never_multiply() {
    let fake = Fake::start().await;
    let store = Store::aws(
        &fake.aws_endpoint(),
        &fake.region(),
        fake.access_key(),
        true,
    )
    .await;
    let path = unique("retry");
    store.write(&path, &json!("v")).await;
    let build = || async {
        SecretClient::builder(descriptor(&[(
            "r",
            "aws",
            &path,
            json!({ "type": "string" }),
            manual(),
        )]))
        .options(options(&fake))
        .build()
        .await
        .unwrap()
    };
    // Two throttles, then the value: three requests in all.
    fake.clear_requests().await;
    fake.fault("aws", "throttle", &path, 2).await;
    let client = build().await;
    assert_eq!(
        client
            .secret::<SecretValue>("r")
            .unwrap()
            .get()
            .await
            .unwrap()
            .expose(),
        "v"
    );
    assert_eq!(count(&fake, "aws", "GetSecretValue").await, 3);
    // A standing 503: exactly `attempts` requests, not attempts × the SDK's own retries.
    fake.clear_faults().await;
    fake.clear_requests().await;
    fake.fault_standing("aws", "503", &path).await;
    let client = build().await;
    let error = client
        .secret::<SecretValue>("r")
        .unwrap()
        .get()
        .await
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::Unavailable);
    assert_eq!(count(&fake, "aws", "GetSecretValue").await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_breaker_opens_on_timeouts_and_then_sends_nothing() {
    let fake = Fake::start().await;
    let store = Store::aws(
        &fake.aws_endpoint(),
        &fake.region(),
        fake.access_key(),
        true,
    )
    .await;
    let path = unique("hang");
    store.write(&path, &json!("v")).await;
    fake.fault_standing("aws", "hang", &path).await;
    let mut opts = options(&fake);
    opts.retry = Some(RetryPolicy {
        attempts: 1,
        ..RetryPolicy::default()
    });
    opts.timeout = Some(Duration::from_millis(150));
    opts.breaker = Some(BreakerPolicy {
        failure_threshold: 2,
        cooldown: Duration::from_secs(60),
    });
    let client = SecretClient::builder(descriptor(&[(
        "h",
        "aws",
        &path,
        json!({ "type": "string" }),
        manual(),
    )]))
    .options(opts)
    .build()
    .await
    .unwrap();
    let handle = client.secret::<SecretValue>("h").unwrap();
    for _ in 0..2 {
        assert_eq!(handle.get().await.unwrap_err().code(), ErrorCode::Timeout);
    }
    fake.clear_requests().await;
    assert_eq!(
        handle.get().await.unwrap_err().code(),
        ErrorCode::CircuitOpen
    );
    assert_eq!(
        fake.requests("aws").await.len(),
        0,
        "an open breaker sends nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_refresh_serves_the_last_value_until_the_staleness_bound() {
    let fake = Fake::start().await;
    let store = Store::vault(&fake.vault_endpoint(), &fake.vault_token());
    let path = unique("stale");
    store.write(&path, &json!("kept")).await;
    let mut opts = options(&fake);
    opts.cache_ttl = Some(Duration::from_millis(200));
    opts.max_staleness = Some(Duration::from_millis(600));
    opts.retry = Some(RetryPolicy {
        attempts: 1,
        ..RetryPolicy::default()
    });
    let client = SecretClient::builder(descriptor(&[(
        "s",
        "vault",
        &path,
        json!({ "type": "string" }),
        manual(),
    )]))
    .options(opts)
    .build()
    .await
    .unwrap();
    let handle = client.secret::<SecretValue>("s").unwrap();
    assert_eq!(handle.get().await.unwrap().expose(), "kept");
    fake.fault_standing("vault", "503", &path).await;
    until("a stale state", || {
        handle.health().state == HealthState::Stale
    })
    .await;
    assert_eq!(
        handle.get().await.unwrap().expose(),
        "kept",
        "stale values are served"
    );
    assert_eq!(handle.health().last_error, Some(ErrorCode::Unavailable));
    until("expiry", || handle.health().state == HealthState::Failed).await;
    assert_eq!(handle.current().unwrap_err().code(), ErrorCode::NotLoaded);
    assert!(!client.health().ready);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn previous_versions_follow_the_overlap_and_revocation_and_changes_fire_once() {
    let fake = Fake::start().await;
    let store = Store::vault(&fake.vault_endpoint(), &fake.vault_token());
    let long = unique("jwt");
    let short = unique("short");
    for path in [&long, &short] {
        store.write(path, &json!("key-one")).await;
        store.write(path, &json!("key-two")).await;
    }
    let client = SecretClient::builder(descriptor(&[
        (
            "jwt",
            "vault",
            &long,
            json!({ "type": "string" }),
            json!({ "strategy": "dual-key", "overlapMs": 3_600_000 }),
        ),
        (
            "old",
            "vault",
            &short,
            json!({ "type": "string" }),
            json!({ "strategy": "dual-key", "overlapMs": 1 }),
        ),
    ]))
    .register::<Secret<String>>("jwt")
    .register::<Secret<String>>("old")
    .options(options(&fake))
    .build()
    .await
    .unwrap();
    let jwt = client.secret::<Secret<String>>("jwt").unwrap();
    let versions = jwt.versions().await.unwrap();
    assert_eq!(versions.current.value.expose(), "key-two");
    assert_eq!(
        versions.previous.as_ref().unwrap().value.expose(),
        "key-one"
    );
    assert!(jwt.health().overlap_ends_at.is_some());
    let verified = locksmith_sdk::try_each(&versions, |key| {
        if key.expose() == "key-one" {
            Ok(1)
        } else {
            Err("bad")
        }
    });
    assert_eq!(verified, Ok(1));
    // The current version of "old" was created more than 1 ms ago: its overlap is over.
    let old = client.secret::<Secret<String>>("old").unwrap();
    assert!(old.versions().await.unwrap().previous.is_none());
    jwt.revoke_previous();
    assert!(jwt.versions().await.unwrap().previous.is_none());

    let fired = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&fired);
    let _subscription = jwt.on_change(move |v| {
        assert_eq!(v.current.value.expose(), "key-three");
        seen.fetch_add(1, Ordering::SeqCst);
    });
    store.write(&long, &json!("key-three")).await;
    jwt.invalidate();
    assert_eq!(jwt.get().await.unwrap().expose(), "key-three");
    jwt.refresh().await.unwrap();
    assert_eq!(
        fired.load(Ordering::SeqCst),
        1,
        "one change, one event, after an invalidate too"
    );
    let after = jwt.versions().await.unwrap();
    assert_eq!(
        after.previous.unwrap().value.expose(),
        "key-two",
        "a new rotation offers the previous again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_rendering_of_the_client_handles_or_errors_shows_a_value() {
    let fake = Fake::start().await;
    let store = Store::vault(&fake.vault_endpoint(), &fake.vault_token());
    let canary = format!("canary-{:016x}", fastrand::u64(..));
    let good = unique("good");
    let bad = unique("bad");
    store
        .write(&good, &json!({ "password": canary.clone() }))
        .await;
    store
        .write(
            &bad,
            &json!({ "password": format!("{canary}-but-too-long-for-the-schema") }),
        )
        .await;
    let schema = json!({ "type": "object", "properties": { "password": { "type": "string", "maxLength": 30 } } });
    let client = SecretClient::builder(descriptor(&[
        ("good", "vault", &good, schema.clone(), manual()),
        ("bad", "vault", &bad, schema, manual()),
    ]))
    .options(options(&fake))
    .build()
    .await
    .unwrap();
    let error = client.preload().await.unwrap_err();
    assert_eq!(error.failures().len(), 1);
    assert_eq!(error.failures()[0].code(), ErrorCode::ValidationFailed);
    assert_eq!(error.failures()[0].field(), Some("/password"));
    let handle = client.secret::<SecretValue>("good").unwrap();
    let value = handle.get().await.unwrap();
    assert_eq!(value.expose()["password"], canary.as_str());
    let renderings = [
        format!("{client:?}"),
        format!("{handle:?}"),
        format!("{value:?} {value}"),
        format!("{error:?} {error}"),
        serde_json::to_string(&error).unwrap(),
        serde_json::to_string(&client.health()).unwrap(),
        serde_json::to_string(&*value).unwrap(),
    ];
    for text in renderings {
        assert!(!text.contains(&canary), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vault_login_failure_names_the_methods_tried_and_never_the_token() {
    let fake = Fake::start().await;
    let store = Store::vault(&fake.vault_endpoint(), &fake.vault_token());
    let path = unique("auth");
    store.write(&path, &json!("v")).await;
    let mut opts = options(&fake);
    let bogus = "hvs.not-a-token-0123456789";
    opts.vars
        .as_mut()
        .unwrap()
        .insert("VAULT_TOKEN".into(), bogus.into());
    let client = SecretClient::builder(descriptor(&[(
        "a",
        "vault",
        &path,
        json!({ "type": "string" }),
        manual(),
    )]))
    .options(opts)
    .build()
    .await
    .unwrap();
    let error = client
        .secret::<SecretValue>("a")
        .unwrap()
        .get()
        .await
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::AuthFailed);
    assert!(
        error.message().contains("methods tried: token (catalog)"),
        "{}",
        error.message()
    );
    assert!(!format!("{error:?}").contains(bogus));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renewable_vault_token_is_renewed_before_it_expires() {
    let fake = Fake::start().await;
    let store = Store::vault(&fake.vault_endpoint(), &fake.vault_token());
    let path = unique("renew");
    store.write(&path, &json!("v")).await;
    let token = fake.vault_child_token("3s").await;
    let mut opts = options(&fake);
    opts.vars
        .as_mut()
        .unwrap()
        .insert("VAULT_TOKEN".into(), token);
    let client = SecretClient::builder(descriptor(&[(
        "t",
        "vault",
        &path,
        json!({ "type": "string" }),
        manual(),
    )]))
    .options(opts)
    .build()
    .await
    .unwrap();
    client.preload().await.unwrap();
    let mut renewed = 0;
    for _ in 0..60 {
        renewed = count(&fake, "vault", "token.renew-self").await;
        if renewed > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(renewed > 0, "renew-self within two thirds of the 3 s TTL");
}
