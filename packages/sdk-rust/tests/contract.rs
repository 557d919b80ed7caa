//! The provider contract (packages/testkit/contract/provider-contract.json) run against the AWS
//! and Vault providers, pointed at `locksmith-fake` out of process, and at moto for AWS when
//! `MOTO_ENDPOINT` is set at build time. A store defines only the scenarios it can run (moto
//! has no faults) and the runner prints how many it left out; nothing is skipped at run time.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use locksmith_sdk::decode::RawValue;
use locksmith_sdk::descriptor::{PlacementDescriptor, SecretDescriptor, StoreName};
use locksmith_sdk::providers::{CallContext, FetchRequest, FetchResult, Provider, Stage};
use locksmith_sdk::CancellationToken;
use serde_json::{json, Value};
use support::fake::{repo_root, Fake};
use support::stores::Store;

struct Run<'a> {
    store: &'a Store,
    fake: Option<&'a Fake>,
    prefix: String,
    canary: String,
    captured: HashMap<String, String>,
}

fn contract() -> Value {
    let path = repo_root().join("packages/testkit/contract/provider-contract.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("contract file"))
        .expect("contract JSON")
}

/// `{i}` with `count: N` → 00 … N-1 (downwards with `reverse`); other entries as they are.
fn expand(entries: &[Value]) -> Vec<(Value, Option<String>)> {
    let mut out = Vec::new();
    for entry in entries {
        let Some(count) = entry["count"].as_u64() else {
            out.push((entry.clone(), None));
            continue;
        };
        let mut indexes: Vec<u64> = (0..count).collect();
        if entry["reverse"].as_bool() == Some(true) {
            indexes.reverse();
        }
        for i in indexes {
            out.push((entry.clone(), Some(format!("{i:02}"))));
        }
    }
    out
}

fn fill(text: &str, index: &Option<String>, canary: &str) -> String {
    let text = text.replace("{canary}", canary);
    match index {
        Some(i) => text.replace("{i}", i),
        None => text,
    }
}

fn fill_value(value: &Value, index: &Option<String>, canary: &str) -> Value {
    match value {
        Value::String(s) => Value::String(fill(s, index, canary)),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill_value(v, index, canary)))
                .collect(),
        ),
        other => other.clone(),
    }
}

impl Run<'_> {
    fn path(&self, name: &str) -> String {
        format!("locksmith-contract/{}{name}", self.prefix)
    }

    fn request(&self, name: &str, kind: &str, stage: &str) -> FetchRequest {
        let secret: SecretDescriptor = serde_json::from_value(json!({
            "name": name, "kind": kind, "schema": { "type": kind }, "fields": [],
            "rotation": { "strategy": "manual" }
        }))
        .unwrap();
        FetchRequest {
            secret: Arc::new(secret),
            placement: PlacementDescriptor {
                provider: StoreName::Aws,
                path: self.path(name),
            },
            environment: "contract".into(),
            stage: match stage {
                "previous" => Stage::Previous,
                "pending" => Stage::Pending,
                _ => Stage::Current,
            },
        }
    }

    async fn step(&mut self, step: &Value) -> Result<(), String> {
        if let Some(write) = step.get("write") {
            for (entry, i) in expand(std::slice::from_ref(write)) {
                let name = fill(entry["secret"].as_str().unwrap(), &i, &self.canary);
                let value = fill_value(&entry["value"], &i, &self.canary);
                self.store.write(&self.path(&name), &value).await;
            }
            return Ok(());
        }
        if let Some(fault) = step.get("fault") {
            let fake = self.fake.ok_or("a fault step on a store without faults")?;
            let name = fill(fault["secret"].as_str().unwrap(), &None, &self.canary);
            let times = fault["times"].as_u64().unwrap_or(1);
            fake.fault(
                self.store.target(),
                fault["error"].as_str().unwrap(),
                &self.path(&name),
                times,
            )
            .await;
            return Ok(());
        }
        self.fetch(step).await
    }

    async fn fetch(&mut self, step: &Value) -> Result<(), String> {
        let provider = self.store.provider();
        let requests: Vec<FetchRequest> = expand(step["fetch"].as_array().unwrap())
            .into_iter()
            .map(|(entry, i)| {
                let name = fill(entry["secret"].as_str().unwrap(), &i, &self.canary);
                self.request(
                    &name,
                    entry["kind"].as_str().unwrap_or("string"),
                    entry["stage"].as_str().unwrap_or("current"),
                )
            })
            .collect();
        let token = CancellationToken::new();
        let mut ctx = CallContext::new().with_cancel(token.clone());
        if let Some(ms) = step["deadlineMs"].as_u64() {
            ctx = ctx.with_timeout(Duration::from_millis(ms));
        }
        let results = match step["cancel"].as_str() {
            Some("before") => {
                token.cancel();
                self.call(&provider, &requests, &ctx, step).await
            }
            Some("during") => {
                let fake = self
                    .fake
                    .ok_or("cancel: during needs the fake's request log")?;
                let id = requests[0].placement.path.clone();
                let call = self.call(&provider, &requests, &ctx, step);
                let cancel_when_held = async {
                    // Wait for the event (the store holds the request), not for a fixed time.
                    loop {
                        let held = fake.requests(self.store.target()).await.iter().any(|r| {
                            r["fault"] == "hang"
                                && r["secretIds"]
                                    .as_array()
                                    .is_some_and(|ids| ids.iter().any(|s| s == id.as_str()))
                        });
                        if held {
                            token.cancel();
                            return;
                        }
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                };
                let (results, ()) = tokio::join!(call, cancel_when_held);
                results
            }
            _ => self.call(&provider, &requests, &ctx, step).await,
        };
        if results.len() != requests.len() {
            return Err(format!(
                "{} results for {} requests",
                results.len(),
                requests.len()
            ));
        }
        let expectations = expand(step["expect"].as_array().unwrap());
        for (n, ((expect, i), result)) in expectations.iter().zip(&results).enumerate() {
            self.check(n, expect, i, result)
                .map_err(|e| format!("request {n} ({}): {e}", requests[n].secret.name))?;
        }
        if step["providerRendersWithoutCanary"].as_bool() == Some(true)
            && format!("{provider:?}").contains(&self.canary)
        {
            return Err("the provider's Debug form shows a value".into());
        }
        Ok(())
    }

    async fn call(
        &self,
        provider: &Arc<dyn Provider>,
        requests: &[FetchRequest],
        ctx: &CallContext,
        step: &Value,
    ) -> Vec<FetchResult> {
        if step["chunked"].as_bool() != Some(true) {
            return provider.fetch(requests, ctx).await;
        }
        let mut out = Vec::new();
        for chunk in requests.chunks(provider.max_batch_size()) {
            out.extend(provider.fetch(chunk, ctx).await);
        }
        out
    }

    fn check(
        &mut self,
        _n: usize,
        expect: &Value,
        i: &Option<String>,
        result: &FetchResult,
    ) -> Result<(), String> {
        if let Some(either) = expect.get("valueOrError") {
            let value = fill_value(&either[0], i, &self.canary);
            return match result {
                Ok(v) if decoded(&v.value, &value) == value => Ok(()),
                Err(e) if e.code().as_str() == either[1].as_str().unwrap() => Ok(()),
                Ok(_) => Err("wrong value".into()),
                Err(e) => Err(format!("got {}", e.code())),
            };
        }
        if let Some(code) = expect.get("error").and_then(Value::as_str) {
            let error = match result {
                Ok(_) => return Err(format!("expected {code}, got a value")),
                Err(e) => e,
            };
            if error.code().as_str() != code {
                return Err(format!(
                    "expected {code}, got {} ({})",
                    error.code(),
                    error.message()
                ));
            }
            if let Some(retryable) = expect.get("retryable").and_then(Value::as_bool) {
                if error.retryable() != retryable {
                    return Err(format!("retryable should be {retryable}"));
                }
            }
            if let Some(secret) = expect.get("secret").and_then(Value::as_str) {
                if error.secret() != Some(fill(secret, i, &self.canary).as_str()) {
                    return Err(format!("the error names {:?}", error.secret()));
                }
            }
            let renderings = [
                error.to_string(),
                format!("{error:?}"),
                format!("{error:#?}"),
                serde_json::to_string(error).unwrap(),
                error.message().to_owned(),
            ];
            if renderings.iter().any(|r| r.contains(&self.canary)) {
                return Err("an error rendering shows the canary".into());
            }
            return Ok(());
        }
        let version = result
            .as_ref()
            .map_err(|e| format!("expected a value, got {} ({})", e.code(), e.message()))?;
        if let Some(expected) = expect.get("value") {
            let expected = fill_value(expected, i, &self.canary);
            if decoded(&version.value, &expected) != expected {
                return Err("wrong value".into());
            }
        }
        if expect.get("versionId").is_some() && version.version_id.is_empty() {
            return Err("empty version id".into());
        }
        if let Some(name) = expect.get("capture").and_then(Value::as_str) {
            self.captured
                .insert(name.to_owned(), version.version_id.clone());
        }
        if let Some(name) = expect.get("versionIdIs").and_then(Value::as_str) {
            if self.captured.get(name) != Some(&version.version_id) {
                return Err(format!("version id should be the one captured as {name}"));
            }
        }
        if let Some(name) = expect.get("versionIdNot").and_then(Value::as_str) {
            if self.captured.get(name) == Some(&version.version_id) {
                return Err(format!(
                    "version id should differ from the one captured as {name}"
                ));
            }
        }
        if format!("{:?}", version).contains(&self.canary) {
            return Err("a version's Debug form shows the value".into());
        }
        Ok(())
    }
}

/// The value as the expectation's kind reads it: an object is parsed, a string taken as is.
fn decoded(raw: &RawValue, like: &Value) -> Value {
    match raw {
        RawValue::Text(text) if like.is_object() => {
            serde_json::from_str(text).unwrap_or(Value::Null)
        }
        RawValue::Text(text) => Value::String(text.clone()),
        _ => Value::Null,
    }
}

async fn run_contract(label: &str, store: &Store, fake: Option<&Fake>) {
    let contract = contract();
    let scenarios = contract["scenarios"].as_array().unwrap();
    let run_id = format!("{:08x}", fastrand::u32(..));
    let mut passed = 0;
    let mut left_out = Vec::new();
    let mut failures = Vec::new();
    for scenario in scenarios {
        let id = scenario["id"].as_str().unwrap();
        let needs_faults = scenario["requires"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == "faults"));
        if needs_faults && !store.supports_faults() {
            left_out.push(id);
            continue;
        }
        let mut run = Run {
            store,
            fake,
            prefix: format!("c{run_id}-{id}-"),
            canary: format!("canary-{run_id}-{}", fastrand::u64(..)),
            captured: HashMap::new(),
        };
        let mut outcome = Ok(());
        for step in scenario["steps"].as_array().unwrap() {
            outcome = run.step(step).await;
            if outcome.is_err() {
                break;
            }
        }
        if let Some(fake) = fake {
            fake.clear_faults().await;
        }
        match outcome {
            Ok(()) => passed += 1,
            Err(e) => failures.push(format!("{id}: {e}")),
        }
    }
    println!(
        "contract {label}: {passed} scenario(s) passed, {} left out (no faults on this store: {})",
        left_out.len(),
        if left_out.is_empty() {
            "none".to_owned()
        } else {
            left_out.join(", ")
        }
    );
    assert!(
        failures.is_empty(),
        "contract {label} failed:\n  {}",
        failures.join("\n  ")
    );
    assert_eq!(passed + left_out.len(), scenarios.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_aws_provider_passes_the_contract_against_locksmith_fake() {
    let fake = Fake::start().await;
    let store = Store::aws(
        &fake.aws_endpoint(),
        &fake.region(),
        fake.access_key(),
        true,
    )
    .await;
    run_contract("aws (locksmith-fake)", &store, Some(&fake)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_vault_provider_passes_the_contract_against_locksmith_fake() {
    let fake = Fake::start().await;
    let store = Store::vault(&fake.vault_endpoint(), &fake.vault_token());
    run_contract("vault (locksmith-fake)", &store, Some(&fake)).await;
}

#[cfg(moto)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_aws_provider_passes_the_contract_against_moto() {
    let endpoint = env!("MOTO_ENDPOINT");
    let store = Store::aws(
        endpoint,
        "us-east-1",
        ("testing".into(), "testing".into()),
        false,
    )
    .await;
    run_contract("aws (moto)", &store, None).await;
}
