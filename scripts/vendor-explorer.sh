#!/usr/bin/env bash
# Re-vendors the Journey Explorer's chart library and its subscription client
# (graphql-sse's browser build, at the version the interop test pins) into
# server/explorer/app/static/vendor from the npm registry, so the explorer works
# offline, embedded in the binary, under a Content-Security-Policy that allows
# nothing from other origins. Bump the pinned version here and re-run.
set -euo pipefail
ECHARTS_VERSION=6.1.0
GRAPHQL_SSE_VERSION=2.6.1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/server/explorer/app/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "echarts@$ECHARTS_VERSION" "graphql-sse@$GRAPHQL_SSE_VERSION" >/dev/null
mkdir echarts && tar -xzf "echarts-$ECHARTS_VERSION.tgz" -C echarts
mkdir graphql-sse && tar -xzf "graphql-sse-$GRAPHQL_SSE_VERSION.tgz" -C graphql-sse
mkdir -p "$dest"
# The ES-module build, under a .js name so every server sends it as JavaScript.
cp echarts/package/dist/echarts.esm.min.mjs "$dest/echarts.esm.min.js"
cp echarts/package/LICENSE "$dest/echarts.LICENSE"
# A UMD build: imported as a module, it defines globalThis.graphqlSse.
cp graphql-sse/package/umd/graphql-sse.min.js "$dest/graphql-sse.min.js"
cp graphql-sse/package/LICENSE.md "$dest/graphql-sse.LICENSE"
printf 'echarts %s\ngraphql-sse %s\n' "$ECHARTS_VERSION" "$GRAPHQL_SSE_VERSION" >"$dest/VERSIONS"
echo "vendored into $dest"
