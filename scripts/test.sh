#!/usr/bin/env bash
# `make test`: a fresh Neo4j of its own (other ports and data than `make run`),
# every Go test with the race detector, and Neo4j stopped whatever happens.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

export NEO4J_BOLT_PORT=${TEST_NEO4J_BOLT_PORT:-17687}
export NEO4J_HTTP_PORT=${TEST_NEO4J_HTTP_PORT:-17474}
# One instance (data, pid file) per port, so test runs on other ports never
# share, or stop, each other's server.
export NEO4J_INSTANCE=test-$NEO4J_BOLT_PORT
export NEO4J_PASSWORD=test-password
export NEO4J_FRESH=1
# What the tests read to reach, stop and restart their Neo4j.
export JOURNEYGRAPH_TEST_NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
export JOURNEYGRAPH_TEST_NEO4J_PASSWORD="$NEO4J_PASSWORD"
export JOURNEYGRAPH_TEST_NEO4J_CTL="$root/scripts/neo4j.sh"

# The diagram test renders DOT with Graphviz; the explorer's browser tests
# drive Chromium; the subscription interop test runs the reference clients;
# the Segment interop test sends with the pinned client libraries (npm, into
# .cache/segment-interop).
scripts/ensure-graphviz.sh
scripts/ensure-chromium.sh
scripts/ensure-live-interop.sh
export JOURNEYGRAPH_LIVE_INTEROP_DIR="$root/.cache/live-interop"
scripts/ensure-segment-interop.sh
# The event-log exports are read back by pm4py (a cached, pinned venv).
JOURNEYGRAPH_TEST_PM4PY=$(scripts/ensure-pm4py.sh)
export JOURNEYGRAPH_TEST_PM4PY

trap 'NEO4J_FRESH=0 scripts/neo4j.sh stop' EXIT
scripts/neo4j.sh start
# Restarts inside tests keep the data.
export NEO4J_FRESH=0
go test -race -count=1 -timeout 45m "${@:-./...}"
