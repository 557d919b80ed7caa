//! Benchmarks of the Rust runtime against `locksmith-fake` (started out of process), printed as
//! one JSON object for bench/rust/run.mjs:
//!
//! - warm `get()` of a loaded secret, in ns per call (median of samples of BATCH calls), against
//!   two floors measured in the same run: a bare `Arc` clone, and the awaited floor of a cached
//!   `Arc` read (an `async fn` that loads an `Arc` from an `ArcSwap` and clones it);
//! - a cold preload of 100 AWS secrets: wall time (median of RUNS fresh clients) and the number
//!   of requests the fake received (the target is 5: BatchGetSecretValue takes 20 a call).

use std::hint::black_box;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Instant;

use arc_swap::ArcSwapOption;
use locksmith_sdk::{ClientOptions, Secret, SecretClient, ServiceDescriptor};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const BATCH: u32 = 10_000;
const SECRETS: usize = 100;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// ns per call of `op`, the median over `samples` batches.
async fn per_call<F, Fut>(samples: usize, mut op: F) -> f64
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let mut out = Vec::with_capacity(samples);
    for _ in 0..samples {
        let start = Instant::now();
        let mut sink = 0usize;
        for _ in 0..BATCH {
            sink = sink.wrapping_add(op().await);
        }
        black_box(sink);
        out.push(start.elapsed().as_nanos() as f64 / f64::from(BATCH));
    }
    median(out)
}

/// The awaited floor: what any async cache read of an `Arc` costs at least.
async fn cached_arc(cell: &ArcSwapOption<Secret<String>>) -> Arc<Secret<String>> {
    cell.load_full().expect("filled")
}

fn descriptor(prefix: &str) -> ServiceDescriptor {
    let secrets: serde_json::Map<String, Value> = (0..SECRETS)
        .map(|i| {
            let name = format!("s{i:03}");
            let body = json!({ "name": name, "kind": "string", "schema": { "type": "string" },
                "fields": [{ "name": null, "env": format!("S{i:03}"), "type": "string", "required": true }],
                "rotation": { "strategy": "manual" },
                "placements": { "bench": { "provider": "aws", "path": format!("{prefix}/{name}") } } });
            (name, body)
        })
        .collect();
    serde_json::from_value(json!({
        "project": "bench", "service": "bench", "catalogHash": "0",
        "environments": { "bench": { "source": "store", "production": false } },
        "providers": { "aws": { "region": "us-east-1", "accountId": "1" } },
        "secrets": secrets
    }))
    .expect("descriptor")
}

async fn build(info: &Value, prefix: &str) -> SecretClient {
    let mut vars: std::collections::HashMap<String, String> = info["env"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    vars.insert("LOCKSMITH_ENV".into(), "bench".into());
    let mut builder = SecretClient::builder(descriptor(prefix));
    for i in 0..SECRETS {
        builder = builder.register::<Secret<String>>(&format!("s{i:03}"));
    }
    builder
        .options(ClientOptions {
            vars: Some(vars),
            ..ClientOptions::default()
        })
        .build()
        .await
        .expect("client")
}

async fn admin(http: &admin_http::Client, info: &Value, method: &str, path: &str) -> Value {
    http.call(info, method, path).await
}

/// A few admin calls need no more than a plain HTTP/1.1 exchange on loopback.
mod admin_http {
    use serde_json::Value;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    pub struct Client;

    impl Client {
        pub async fn call(&self, info: &Value, method: &str, path: &str) -> Value {
            let admin = &info["admin"];
            let endpoint = admin["endpoint"]
                .as_str()
                .unwrap()
                .trim_start_matches("http://");
            let mut stream = tokio::net::TcpStream::connect(endpoint)
                .await
                .expect("admin API");
            let request = format!(
                "{method} {path} HTTP/1.1\r\nHost: {endpoint}\r\nAuthorization: Bearer {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                admin["token"].as_str().unwrap()
            );
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut text = String::new();
            stream.read_to_string(&mut text).await.unwrap();
            let body = text.split("\r\n\r\n").nth(1).unwrap_or("null");
            serde_json::from_str(body).unwrap_or(Value::Null)
        }
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 7 };
    let samples = if quick { 15 } else { 51 };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut fake = Command::new("node")
        .arg(root.join("packages/testkit/bin/locksmith-fake.js"))
        .args([
            "--aws-port",
            "0",
            "--vault-port",
            "0",
            "--admin-port",
            "0",
            "--json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs locksmith-fake (build @locksmith/testkit first)");
    let mut line = String::new();
    BufReader::new(fake.stdout.take().unwrap())
        .read_line(&mut line)
        .await
        .unwrap();
    let info: Value = serde_json::from_str(&line).expect("locksmith-fake --json");

    // Seed through the store's own API, with a client of the SDK's AWS provider.
    let prefix = format!("bench-{}", std::process::id());
    let aws = locksmith_sdk::providers::aws::AwsProvider::new(
        locksmith_sdk::providers::aws::AwsProviderOptions {
            region: Some("us-east-1".into()),
            endpoint: info["aws"]["endpoint"].as_str().map(str::to_owned),
            credentials: Some(locksmith_sdk::providers::aws::AwsCredentials {
                access_key_id: info["aws"]["accessKeyId"].as_str().unwrap().into(),
                secret_access_key: info["aws"]["secretAccessKey"].as_str().unwrap().into(),
                session_token: None,
            }),
            ..Default::default()
        },
    )
    .await;
    for i in 0..SECRETS {
        aws.client()
            .create_secret()
            .name(format!("{prefix}/s{i:03}"))
            .secret_string(format!("value-{i:03}-0123456789abcdef"))
            .send()
            .await
            .expect("seed");
    }

    let http = admin_http::Client;
    let mut preload_ms = Vec::new();
    let mut requests = Vec::new();
    for _ in 0..runs {
        let client = build(&info, &prefix).await;
        admin(&http, &info, "DELETE", "/requests").await;
        let start = Instant::now();
        client.preload().await.expect("preload");
        preload_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        let log = admin(&http, &info, "GET", "/requests?target=aws").await;
        requests.push(log["requests"].as_array().map_or(0, Vec::len));
        client.close();
    }

    let client = build(&info, &prefix).await;
    client.preload().await.expect("preload");
    let handle = client.secret::<Secret<String>>("s000").expect("handle");
    let cell = ArcSwapOption::from(Some(handle.get().await.unwrap()));
    let direct = Arc::clone(&handle.get().await.unwrap());
    // Warm-up, then the three figures, interleaved so load changes hit them alike.
    for _ in 0..3 {
        per_call(3, || async { handle.get().await.unwrap().expose().len() }).await;
    }
    let mut get = Vec::new();
    let mut floor = Vec::new();
    let mut bare = Vec::new();
    for _ in 0..3 {
        bare.push(
            per_call(samples / 3, || async {
                Arc::clone(black_box(&direct)).expose().len()
            })
            .await,
        );
        floor.push(
            per_call(samples / 3, || async {
                cached_arc(black_box(&cell)).await.expose().len()
            })
            .await,
        );
        get.push(
            per_call(samples / 3, || async {
                handle.get().await.unwrap().expose().len()
            })
            .await,
        );
    }
    let (get, floor, bare) = (median(get), median(floor), median(bare));
    let out = json!({
        "warm": { "get_ns": get, "awaited_arc_floor_ns": floor, "arc_clone_ns": bare, "ratio_to_floor": get / floor,
                  "batch": BATCH, "samples": samples },
        "preload": { "secrets": SECRETS, "median_ms": median(preload_ms), "requests": requests.iter().max(),
                     "requests_per_run": requests, "runs": runs },
    });
    println!("{out}");
    client.close();
    drop(fake);
}
