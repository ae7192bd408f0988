#!/usr/bin/env bash
# `make bench-bulkload`: the offline bulk load (docs/bulk-load.md) of
# BENCH_ACCOUNTS synthetic accounts (6500 ≈ 1M touchpoints, 65000 ≈ 10M) into a
# Neo4j instance of its own, timed phase by phase with each phase's peak RSS:
# writing the CSV files, the import, the server start, and `bulkload -finish`
# (migrations: constraints and indexes built over the imported data; catalog).
#
# The instance (BENCH_INSTANCE [bench-bulk-<accounts>], bolt
# BENCH_NEO4J_BOLT_PORT [27690], http BENCH_NEO4J_HTTP_PORT [27477]) must be
# stopped; its database is replaced. It is left running with the data when
# BENCH_KEEP_RUNNING=1 (for `make bench` against it), stopped otherwise. The
# CSV files are deleted after the import unless BENCH_KEEP_CSV=1. Heap and page
# cache: NEO4J_HEAP, NEO4J_PAGECACHE (README: sizing).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

accounts=${BENCH_ACCOUNTS:-6500}
export NEO4J_INSTANCE=${BENCH_INSTANCE:-bench-bulk-$accounts}
export NEO4J_BOLT_PORT=${BENCH_NEO4J_BOLT_PORT:-27690} NEO4J_HTTP_PORT=${BENCH_NEO4J_HTTP_PORT:-27477}
export NEO4J_PASSWORD=${NEO4J_PASSWORD:-journeygraph}
export NEO4J_HEAP=${NEO4J_HEAP:-2g} NEO4J_PAGECACHE=${NEO4J_PAGECACHE:-3g}
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
dir="$root/.local/bulk/$accounts"

if scripts/neo4j.sh status >/dev/null 2>&1; then
  echo "bench-bulkload: instance $NEO4J_INSTANCE is running; stop it first (its database is replaced)" >&2
  exit 1
fi
go build -o bin/journeygraph ./cmd/journeygraph
scripts/neo4j.sh fetch

# phase NAME CMD...: runs CMD, printing its wall time and peak RSS (of the
# largest process it waited for: the JVM for the import).
phase() {
  local name=$1
  shift
  local stats
  stats=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$stats" "$@"
  read -r secs kib <"$stats"
  rm -f "$stats"
  printf 'bench-bulkload: %-8s %8.1f s  peak RSS %6d MiB  load average %s\n' "$name" "$secs" $((kib / 1024)) \
    "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$summary" >&2
}

mkdir -p .local/bench
summary=".local/bench/bulkload-$accounts-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "bench-bulkload: $accounts accounts, instance $NEO4J_INSTANCE, heap $NEO4J_HEAP, page cache $NEO4J_PAGECACHE," \
  "start $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$summary" >&2
rm -rf "$dir"
mkdir -p "$dir"
t0=$(date +%s)
phase csv bin/journeygraph bulkload -accounts "$accounts" -out "$dir"
echo "bench-bulkload: CSV files $(du -sh "$dir" | cut -f1)" | tee -a "$summary" >&2
NEO4J_IMPORT_OVERWRITE=1 phase import scripts/neo4j.sh import "$dir"
[ "${BENCH_KEEP_CSV:-0}" = 1 ] || rm -rf "$dir"
trap '[ "${BENCH_KEEP_RUNNING:-0}" = 1 ] || scripts/neo4j.sh stop' EXIT
NEO4J_FRESH=0 phase start scripts/neo4j.sh start
phase finish bin/journeygraph bulkload -finish
t1=$(date +%s)
echo "bench-bulkload: total $((t1 - t0)) s, store $(du -sh ".local/neo4j/$NEO4J_INSTANCE/data" | cut -f1)," \
  "end $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$summary" >&2
