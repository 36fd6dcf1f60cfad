#!/usr/bin/env bash
# First step of both README commands: checks Node and installs the npm dependencies when the lock
# file changed. The services themselves are provisioned by `arshjul services up` (the demo and the
# integration tests' global setup call it; it is idempotent and caches downloads in ~/.cache/arshjul).
set -euo pipefail
cd "$(dirname "$0")/.."

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "arshjul needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

stamp=node_modules/.arshjul-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # `npm install`, not `npm ci`: this machine's npm 11 writes lock files without other platforms'
  # optional packages and then refuses them in `npm ci`. `npm install` keeps the locked versions.
  echo "npm install (locked versions)"
  npm install --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
