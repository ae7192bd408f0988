#!/usr/bin/env bash
# Re-vendors the Journey Explorer's libraries (its chart and diagram libraries
# and its subscription client, graphql-ws's ES-module client at the version the
# interop test pins in server/livetest/interop/package.json) into
# server/explorer/app/static/vendor from the npm registry, so the explorer works
# offline, embedded in the binary, under a Content-Security-Policy that allows
# nothing from other origins. Bump a pinned version here and re-run.
set -euo pipefail
ECHARTS_VERSION=6.1.0
MERMAID_VERSION=12.3.0
GRAPHQL_WS_VERSION=6.4.2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/server/explorer/app/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
unpack() { # name version
  npm pack --silent "$1@$2" >/dev/null
  mkdir "$1" && tar -xzf "$1-$2.tgz" -C "$1"
}
unpack echarts "$ECHARTS_VERSION"
unpack mermaid "$MERMAID_VERSION"
unpack graphql-ws "$GRAPHQL_WS_VERSION"
mkdir -p "$dest"
# The ES-module build, under a .js name so every server sends it as JavaScript.
cp echarts/package/dist/echarts.esm.min.mjs "$dest/echarts.esm.min.js"
cp echarts/package/LICENSE "$dest/echarts.LICENSE"
# Mermaid's code-split ES-module build: the explorer imports it only when a
# diagram is shown, and the browser then fetches only the chunks that diagram
# type needs. The chunks import each other by their .mjs names, so they keep
# them (Go serves .mjs as JavaScript); source maps are left out. The chunks
# carry the licences of the libraries bundled into them.
rm -rf "$dest/mermaid"
mkdir -p "$dest/mermaid/chunks/mermaid.esm.min"
cp mermaid/package/dist/mermaid.esm.min.mjs "$dest/mermaid/"
cp mermaid/package/dist/chunks/mermaid.esm.min/*.mjs "$dest/mermaid/chunks/mermaid.esm.min/"
cp mermaid/package/LICENSE "$dest/mermaid.LICENSE"
# graphql-ws's browser client as ES modules: one WebSocket (graphql-transport-ws)
# carries every live subscription of the page. client.js imports its shared
# chunk by that chunk's file name, so the pair is copied as published.
rm -rf "$dest/graphql-ws"
mkdir -p "$dest/graphql-ws"
cp graphql-ws/package/dist/client.js graphql-ws/package/dist/common-*.js "$dest/graphql-ws/"
cp graphql-ws/package/LICENSE.md "$dest/graphql-ws.LICENSE"
printf 'echarts %s\nmermaid %s\ngraphql-ws %s\n' "$ECHARTS_VERSION" "$MERMAID_VERSION" "$GRAPHQL_WS_VERSION" >"$dest/VERSIONS"
echo "vendored into $dest"
