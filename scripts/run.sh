#!/usr/bin/env bash
# `make run`: local Neo4j unless NEO4J_URI points elsewhere, migrations and the
# demo data set when the database has no account yet, then the API. Ctrl-C
# stops the API; the local Neo4j keeps running for Neo4j Browser until
# `make neo4j-stop`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [ -z "${NEO4J_URI:-}" ]; then
  export NEO4J_BOLT_PORT=${NEO4J_BOLT_PORT:-7687} NEO4J_HTTP_PORT=${NEO4J_HTTP_PORT:-7474}
  export NEO4J_PASSWORD=${NEO4J_PASSWORD:-journeygraph}
  NEO4J_INSTANCE=run scripts/neo4j.sh start
  export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
  browser_line="Neo4j Browser:    http://127.0.0.1:$NEO4J_HTTP_PORT/browser/  (user neo4j, password $NEO4J_PASSWORD)"
fi
go build -o bin/journeygraph ./cmd/journeygraph
# A small demo data set, only into a database without accounts (never over real
# data); SEED_DEMO=0 skips it.
if [ "${SEED_DEMO:-1}" != 0 ]; then
  bin/journeygraph seed -if-empty -accounts "${SEED_DEMO_ACCOUNTS:-200}"
fi
# Local development mode (no API keys, GraphiQL and introspection on) unless
# keys are configured; the server allows it on a loopback address only.
if [ -z "${JOURNEYGRAPH_API_KEYS:-}${JOURNEYGRAPH_API_KEYS_FILE:-}" ]; then
  export JOURNEYGRAPH_AUTH_DISABLED=${JOURNEYGRAPH_AUTH_DISABLED:-true}
fi
listen=${JOURNEYGRAPH_LISTEN_ADDR:-127.0.0.1:8080}
echo "Journey Explorer: http://$listen/explore/"
echo "GraphiQL:         http://$listen/"
if [ -n "${browser_line:-}" ]; then echo "$browser_line"; fi
# The guide is served as the server's config decides: true/1/yes on, auto (the
# default) on only in development mode, anything else off.
is_true() { case "${1,,}" in true | 1 | yes) return 0 ;; *) return 1 ;; esac; }
guide=${JOURNEYGRAPH_GUIDE:-auto}
if { [ "${guide,,}" = auto ] && is_true "${JOURNEYGRAPH_AUTH_DISABLED:-false}"; } || is_true "$guide"; then
  echo "Neo4j Browser guide: run :play http://$listen/guide/ in Neo4j Browser"
fi
exec bin/journeygraph serve
