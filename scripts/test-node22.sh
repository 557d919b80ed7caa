#!/usr/bin/env bash
# Runs the whole test suite again on Node 22 (the machines run Node 20, which the AWS SDK is
# dropping). The npm registry's `node` package provides the binary; nothing is downloaded
# from anywhere else.
set -euo pipefail
cd "$(dirname "$0")/.."
npx -y -p node@22 -- sh -c 'echo "running tests on Node $(node --version)"; node node_modules/vitest/vitest.mjs run --config vitest.all.config.ts'
