#!/usr/bin/env bash
# Builds, lints and tests every Rust crate of the repository (one Cargo workspace):
#   packages/sdk-rust  the runtime, its unit tests and the provider contract against locksmith-fake
#                      (and moto when MOTO_ENDPOINT is set)
#   polyglot/rust      the generated modules (the example's ledger_rs and codegen's Rust fixture)
#                      compiled, formatted, linted and fed values
#   bench/rust         the benchmark binary (compiled and linted here; `pnpm bench` runs it)
# One shared target directory (CARGO_TARGET_DIR, default <repo>/target) means the dependencies,
# the AWS SDK above all, compile once for all three and are reused by later runs.
# Usage: bash packages/sdk-rust/scripts/test.sh   (from anywhere; exits non-zero on any failure)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0

# The contract and store tests start locksmith-fake, which runs from the testkit's build.
pnpm exec turbo run build --filter=@locksmith/testkit --output-logs=errors-only >/dev/null

start=$(date +%s)
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --locked -- --nocapture >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  cat "$log"
  exit "$status"
fi
grep -E '^contract ' "$log" || true
echo "rust: cargo fmt, clippy and test took $(( $(date +%s) - start )) s"
awk '/^test result:/ { for (i = 1; i < NF; i++) { if ($(i + 1) ~ /^passed/) p += $i; if ($(i + 1) ~ /^failed/) f += $i } }
     END { printf "rust: %d passed, %d failed\n", p, f }' "$log"
