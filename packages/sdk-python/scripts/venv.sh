#!/usr/bin/env bash
# Prints the path of a virtualenv holding requirements-dev.txt (pinned, installed with
# --require-hashes). It is built once and reused until requirements-dev.txt changes; set
# LOCKSMITH_PY_VENV to keep it elsewhere (CI caches). Output: the venv path on stdout, nothing else.
set -euo pipefail

pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${LOCKSMITH_PY_VENV:-$pkg/.venv}"
requirements="$pkg/requirements-dev.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  started=$(date +%s)
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --quiet --require-hashes --no-deps \
    -r "$requirements" >&2
  echo "$want" >"$stamp"
  echo "python venv: built $venv in $(($(date +%s) - started)) s" >&2
else
  echo "python venv: reusing $venv" >&2
fi
echo "$venv"
