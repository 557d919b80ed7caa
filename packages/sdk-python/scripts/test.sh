#!/usr/bin/env bash
# The Python part of the polyglot harness (polyglot/run-tests.sh calls it; it also runs alone):
#   - a pinned virtualenv (scripts/venv.sh, reused while requirements-dev.txt is unchanged)
#   - generated packages: the example's reports_py, and from codegen's fixtures analytics_py
#     (types, formats, patterns) and names_py (keywords, builtins, colliding names)
#   - ruff check and ruff format --check; mypy --strict on the SDK, its tests, the generated packages and the polyglot tests
#   - pytest: the SDK's unit tests and the provider contract against locksmith-fake (and moto when
#     MOTO_ENDPOINT is set), then polyglot/python against the generated packages
#   - last, a check that apps/example-service/generated/python holds only generated files
# No bytecode or tool caches are written next to sources (PYTHONDONTWRITEBYTECODE, no cacheprovider).
set -euo pipefail

pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$pkg/../.." && pwd)"
generated="$root/apps/example-service/generated/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PYTHONDONTWRITEBYTECODE=1

venv="$(bash "$pkg/scripts/venv.sh")"
python="$venv/bin/python"

# Node builds for the fake, the generator and the test values; turbo skips what is built.
(cd "$root" && pnpm exec turbo run build --filter=@locksmith/testkit --filter=@locksmith/codegen --output-logs=errors-only >/dev/null)
cli="$root/packages/codegen/dist/cli/bin.js"
node "$cli" gen --catalog "$root/packages/codegen/test/fixtures/polyglot/polyglot.catalog.yaml" --out "$work/fixture" --only python >/dev/null
node "$cli" gen --catalog "$root/packages/codegen/test/fixtures/python-names/python-names.catalog.yaml" --out "$work/names" --only python >/dev/null
export LOCKSMITH_TEST_VALUES="${LOCKSMITH_TEST_VALUES:-$work/values.json}"
[ -f "$LOCKSMITH_TEST_VALUES" ] || node "$root/polyglot/test-values.mjs" "$root/apps/example-service/secrets.catalog.yaml" "$LOCKSMITH_TEST_VALUES"

# pytest's output goes to a log; its summary is printed, and the whole log when it fails.
run_pytest() {
  local dir="$1" log="$work/pytest-$RANDOM.log" status=0
  shift
  (cd "$dir" && "$python" -m pytest -q -p no:cacheprovider "$@") >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$log"
    return "$status"
  fi
  grep -E '^(provider contract:|[0-9]+ passed)' "$log" || tail -n 1 "$log"
}

paths="$pkg/src:$generated:$work/fixture/python:$work/names/python"

echo "== Python: ruff (lint and format) on locksmith_sdk, its tests, bench/python and polyglot/python"
(
  cd "$pkg"
  lint=(src tests scripts "$root/bench/python" "$root/polyglot/python")
  "$venv/bin/ruff" check --no-cache "${lint[@]}"
  "$venv/bin/ruff" format --no-cache --check "${lint[@]}"
)

echo "== Python: mypy --strict on locksmith_sdk, its tests, the generated packages and polyglot/python"
(
  cd "$pkg"
  MYPYPATH="$paths:$pkg/tests" "$python" -m mypy --config-file "$pkg/pyproject.toml" --cache-dir "$venv/.mypy-cache" \
    src tests "$generated/reports_py" "$work/fixture/python/analytics_py" "$work/names/python/names_py" \
    "$root/polyglot/python"
)

echo "== Python: pytest (locksmith_sdk unit tests, provider contract against locksmith-fake$([ -n "${MOTO_ENDPOINT:-}" ] && echo ' and moto'))"
PYTHONPATH="$paths:$pkg/tests" run_pytest "$pkg" -s tests

echo "== Python: pytest on the generated reports_py, analytics_py and names_py packages"
PYTHONPATH="$paths:$pkg/tests" run_pytest "$root/polyglot/python" .

echo "== Python: apps/example-service/generated/python holds only generated files"
PYTHONPATH="$paths" run_pytest "$pkg/scripts" check_generated_only.py
