#!/usr/bin/env bash
# Re-vendors the GraphiQL page's assets into server/graphiql/assets from the
# npm registry, so GraphiQL works without internet access (and under a strict
# Content-Security-Policy). Versions match gqlgen's playground defaults;
# graphql-ws (its browser build) lets GraphiQL run subscriptions over
# WebSocket, at the version the interop test pins.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/server/graphiql/assets"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent graphiql@4.1.2 react@18.2.0 react-dom@18.2.0 graphql-ws@6.4.2 >/dev/null
for t in *.tgz; do mkdir -p "${t%.tgz}" && tar -xzf "$t" -C "${t%.tgz}"; done
cp graphiql-4.1.2/package/graphiql.min.js graphiql-4.1.2/package/graphiql.min.css "$dest/"
cp react-18.2.0/package/umd/react.production.min.js "$dest/"
cp react-dom-18.2.0/package/umd/react-dom.production.min.js "$dest/"
cp graphql-ws-6.4.2/package/umd/graphql-ws.min.js "$dest/"
echo "vendored into $dest"
