#!/usr/bin/env bash
# Runs the whole test suite again on Node 22 (the machines run Node 20, which the AWS SDK is
# dropping). The npm registry's `node` package provides the binary; nothing is downloaded
# from anywhere else. The version is pinned exactly, so every run and every machine tests the
# same Node; the script refuses to run the suite on any other (bump NODE22 deliberately).
set -euo pipefail
cd "$(dirname "$0")/.."
NODE22=22.23.3
npx -y -p "node@$NODE22" -- sh -c '
  actual=$(node --version)
  if [ "$actual" != "v$1" ]; then echo "test:node22: expected Node v$1, got $actual" >&2; exit 1; fi
  echo "running tests on Node $actual"
  node node_modules/vitest/vitest.mjs run --config vitest.all.config.ts
' sh "$NODE22"
