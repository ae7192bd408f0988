#!/usr/bin/env bash
# `make run`: local Neo4j unless NEO4J_URI points elsewhere, then the API, which
# applies migrations on start. Ctrl-C stops the API; the local Neo4j keeps
# running for Neo4j Browser until `make neo4j-stop`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [ -z "${NEO4J_URI:-}" ]; then
  export NEO4J_BOLT_PORT=${NEO4J_BOLT_PORT:-7687} NEO4J_HTTP_PORT=${NEO4J_HTTP_PORT:-7474}
  export NEO4J_PASSWORD=${NEO4J_PASSWORD:-journeygraph}
  NEO4J_INSTANCE=run scripts/neo4j.sh start
  export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
  echo "Neo4j Browser:  http://127.0.0.1:$NEO4J_HTTP_PORT/browser/  (user neo4j, password $NEO4J_PASSWORD)"
fi
go build -o bin/journeygraph ./cmd/journeygraph
listen=${JOURNEYGRAPH_LISTEN_ADDR:-127.0.0.1:8080}
echo "GraphiQL:       http://$listen/"
exec bin/journeygraph serve
