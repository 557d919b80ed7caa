#!/usr/bin/env bash
# Builds, vets and tests the Go runtime (packages/sdk-go) and the generated Go packages:
#   gofmt, go vet, go test -race on the SDK: unit tests, client tests and the provider contract
#     (packages/testkit/contract) against locksmith-fake started out of process, and against moto
#     when MOTO_ENDPOINT is set;
#   go mod tidy -diff on the SDK and bench/go, so -mod=readonly builds (the benchmark's) work;
#   gofmt and go vet on bench/go;
#   gofmt, go vet, go test on polyglot/go, which imports fresh copies of the example's billinggo
#     and the codegen fixture's ledgergo (their loaders and clients run on the SDK).
# Usage: packages/sdk-go/scripts/test.sh FIXTURE_DIR   (FIXTURE_DIR holds the fixture's generated go/;
#   LOCKSMITH_TEST_VALUES names the values file polyglot/test-values.mjs wrote; the testkit is built.)
# Modules come from the Go module proxy into the usual module cache, and builds reuse the usual
# build cache, so only a cold machine pays for them.
set -euo pipefail

sdk="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$sdk/../.." && pwd)"
fixture="${1:?usage: test.sh FIXTURE_DIR}"
polyglot="$root/polyglot/go"
log="$(mktemp)"
trap 'rm -rf "$log" "$polyglot/billinggo" "$polyglot/ledgergo"' EXIT
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly

summary() { # summary LOG: the package lines, then one "N passed, N failed" line
  grep -E '^(ok|FAIL)\s' "$1" || true
  echo "go test: $(grep -c -- '--- PASS' "$1") passed, $(grep -c -- '--- FAIL' "$1") failed"
}

check_format() {
  local unformatted
  unformatted="$(gofmt -l .)"
  if [ -n "$unformatted" ]; then
    echo "not gofmt-formatted: $unformatted" >&2
    exit 1
  fi
}

# A go.mod that is not tidy fails every -mod=readonly build (bench/go's `go run` included).
tidy() { # tidy DIR: go.mod and go.sum are what `go mod tidy` would write
  if ! (cd "$1" && go mod tidy -diff >"$log" 2>&1); then
    cat "$log" >&2
    echo "$1: go.mod/go.sum are not tidy; run go mod tidy there and commit the result" >&2
    exit 1
  fi
}

echo "== Go: sdk-go (gofmt, go mod tidy, go vet, go test -race, provider contract on locksmith-fake${MOTO_ENDPOINT:+ and moto})"
tidy "$sdk"
(
  cd "$sdk"
  check_format
  go vet ./...
  status=0
  go test -race -count=1 -v ./... >"$log" 2>&1 || status=$?
  grep -E '^contract ' "$log" || true
  if [ "$status" -ne 0 ]; then
    cat "$log"
    exit "$status"
  fi
  summary "$log"
)

echo "== Go: bench/go (gofmt, go mod tidy, go vet; \`node bench/go/run.mjs\` runs it)"
tidy "$root/bench/go"
(cd "$root/bench/go" && check_format && go vet ./...)

echo "== Go: generated billinggo and ledgergo on the SDK (gofmt, go vet, go test)"
rm -rf "$polyglot/billinggo" "$polyglot/ledgergo"
cp -R "$root/apps/example-service/generated/go/billinggo" "$polyglot/billinggo"
cp -R "$fixture/go/ledgergo" "$polyglot/ledgergo"
(
  cd "$polyglot"
  check_format
  go vet ./...
  status=0
  go test -count=1 -v ./... >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$log"
    exit "$status"
  fi
  summary "$log"
)
