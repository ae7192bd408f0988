#!/usr/bin/env bash
# The Segment interop test (segment/interop_test.go) sends events with the real
# client libraries @segment/analytics-node and @rudderstack/rudder-sdk-node,
# pinned in scripts/segment-interop/package.json and package-lock.json. This
# installs them (npm ci: exactly the locked versions) into the ignored cache
# .cache/segment-interop, again only when the lock file changed. A failed
# install fails `make test`; the test never skips.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=$root/scripts/segment-interop
dest=$root/.cache/segment-interop
if ! command -v npm >/dev/null 2>&1; then
  "$root/scripts/ensure-apt.sh" ensure-segment-interop npm nodejs npm
fi
if [ -f "$dest/.installed" ] && cmp -s "$src/package-lock.json" "$dest/.installed" &&
   [ -d "$dest/node_modules/@segment/analytics-node" ] && [ -d "$dest/node_modules/@rudderstack/rudder-sdk-node" ]; then
  exit 0
fi
echo "ensure-segment-interop: installing the pinned client libraries into .cache/segment-interop" >&2
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
cp "$src/package-lock.json" "$dest/.installed"
