#!/usr/bin/env bash
# Compiles and tests the Go and Python accessors generated from the example catalog:
#   go vet + go test on polyglot/go (imports generated/go/billinggo)
#   mypy --strict + pytest on polyglot/python (imports generated/python/reports_py)
# and on the packages of codegen's polyglot fixture catalog (ledgergo, analytics_py).
# Both are fed values @locksmith/testkit generates from the catalog, from the environment and
# from a mounted-directory layout, plus failing cases. The Go part is packages/sdk-go/scripts/test.sh,
# the Python part packages/sdk-python/scripts/test.sh.
# Usage: bash polyglot/run-tests.sh   (from anywhere; exits non-zero on any failure)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
generated="$root/apps/example-service/generated"
catalog="$root/apps/example-service/secrets.catalog.yaml"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$here/go/billinggo" "$here/go/ledgergo"' EXIT

# The values script needs the schema and testkit builds; turbo skips what is already built.
(cd "$root" && pnpm exec turbo run build --filter=@locksmith/testkit --filter=@locksmith/codegen --output-logs=errors-only >/dev/null)

# codegen's polyglot fixture covers the types, formats and pattern translations the example
# catalog does not use; its packages are generated fresh for every run.
fixture="$work/fixture"
node "$root/packages/codegen/dist/cli/bin.js" gen --catalog "$root/packages/codegen/test/fixtures/polyglot/polyglot.catalog.yaml" --out "$fixture" --only go,python >/dev/null

export LOCKSMITH_TEST_VALUES="$work/values.json"
node "$here/test-values.mjs" "$catalog" "$LOCKSMITH_TEST_VALUES"

bash "$root/packages/sdk-go/scripts/test.sh" "$fixture"

# Python: locksmith_sdk and the generated packages (mypy --strict, pytest, provider contract).
bash "$root/packages/sdk-python/scripts/test.sh"
echo "== Rust: cargo fmt, clippy and test on the SDK and the generated ledger_rs modules"
bash "$root/packages/sdk-rust/scripts/test.sh"
# Tool output (__pycache__, .mypy_cache, .pytest_cache, target/...) must never land inside generated or golden
# folders: they are checked in and `gen --check` owns them. Anything git does not track there, ignored or not,
# is such output.
leftovers=$(cd "$root" && git status --porcelain --ignored --untracked-files=all -- apps/example-service/generated packages/codegen/test/golden | grep -E '^(\?\?|!!) ' || true)
if [ -n "$leftovers" ]; then
  echo "polyglot: the language tests left files inside generated folders:" >&2
  echo "$leftovers" >&2
  exit 1
fi
echo "polyglot: Go, Python and Rust accessors pass, and left nothing inside the generated folders"
