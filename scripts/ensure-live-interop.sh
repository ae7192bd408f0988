#!/usr/bin/env bash
# The subscription interop test (server/live_interop_test.go) drives the real
# server with the reference JavaScript clients graphql-ws and graphql-sse.
# This installs them, at the versions pinned in
# server/livetest/interop/package.json and package-lock.json, into the ignored
# cache .cache/live-interop (again only when the pins change). Needs Node.js
# 20 or later and npm; the test fails (never skips) without them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src="$root/server/livetest/interop"
cache="$root/.cache/live-interop"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "ensure-live-interop: node and npm are needed for the subscription interop test" >&2; exit 1; }
stamp="$cache/.installed"
want=$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$cache/node_modules" ]; then
  exit 0
fi
mkdir -p "$cache"
cp "$src/package.json" "$src/package-lock.json" "$cache/"
(cd "$cache" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" >"$stamp"
echo "ensure-live-interop: installed graphql-ws and graphql-sse into $cache"
