#!/usr/bin/env bash
# Local Neo4j 5 Community for JourneyGraph, assembled from Maven Central jars.
#
#   scripts/neo4j.sh fetch    resolve the pinned jars into the cache (no-op when cached)
#   scripts/neo4j.sh start    write neo4j.conf, start the server, wait until Bolt answers
#   scripts/neo4j.sh stop     SIGTERM, then wait for a clean shutdown
#   scripts/neo4j.sh status   exit 0 when this instance is running
#   scripts/neo4j.sh import DIR
#                             bulk-load DIR's nodes-*.csv and relationships-*.csv
#                             (written by `journeygraph bulkload`) into the instance's
#                             database with `neo4j-admin database import full`. The
#                             instance must be stopped (it is never stopped for you);
#                             an existing database is replaced only with
#                             NEO4J_IMPORT_OVERWRITE=1. Then start it and run
#                             `journeygraph bulkload -finish` (docs/bulk-load.md).
#
# Why jars: this machine (and CI) has no Docker and cannot reach the Neo4j
# download site, but it reaches Maven Central. The server is started through its
# real entry point, so neo4j.conf, Bolt, HTTP and Neo4j Browser behave as in a
# packaged install.
#
# Environment (defaults in brackets):
#   NEO4J_INSTANCE     instance name; data lives in .local/neo4j/<name>  [run]
#   NEO4J_BOLT_PORT    Bolt port on 127.0.0.1                           [7687]
#   NEO4J_HTTP_PORT    HTTP port (Neo4j Browser at /browser/)           [7474]
#   NEO4J_PASSWORD     initial password of user neo4j                   [journeygraph]
#   NEO4J_HEAP         JVM heap (initial = max)                         [1g]
#   NEO4J_PAGECACHE    page cache                                       [1g]
#   NEO4J_FRESH        1 = delete the instance's data before starting   [0]
#   NEO4J_START_TIMEOUT seconds to wait for Bolt                        [180]
#   JOURNEYGRAPH_CACHE_DIR  jar cache         [${XDG_CACHE_HOME:-~/.cache}/journeygraph]
#   NEO4J_JAVA         java binary to use (must be 17 or 21)            [auto]
#   NEO4J_IMPORT_HEAP  import: JVM heap of neo4j-admin                  [1g]
#   NEO4J_IMPORT_OFFHEAP import: its off-heap memory (ids, caches)      [2g]
#   NEO4J_IMPORT_OVERWRITE import: 1 = replace an existing database     [0]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
instance=${NEO4J_INSTANCE:-run}
bolt_port=${NEO4J_BOLT_PORT:-7687}
http_port=${NEO4J_HTTP_PORT:-7474}
password=${NEO4J_PASSWORD:-journeygraph}
heap=${NEO4J_HEAP:-1g}
pagecache=${NEO4J_PAGECACHE:-1g}
start_timeout=${NEO4J_START_TIMEOUT:-180}
cache_root=${JOURNEYGRAPH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/journeygraph}

pom="$root/neo4j/pom.xml"
# The cache key is the pom's content, so changing a pinned version re-resolves.
pom_hash=$(sha256sum "$pom" | cut -c1-12)
lib_dir="$cache_root/neo4j-jars-$pom_hash"
home="$root/.local/neo4j/$instance"
pid_file="$home/run/neo4j.pid"
console_log="$home/logs/console.log"

log() { printf 'neo4j[%s]: %s\n' "$instance" "$*" >&2; }
die() { log "error: $*"; exit 1; }

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

# find_java prints a Java 17 or 21 binary (Neo4j 5.26 supports exactly these),
# installing OpenJDK 17 from Debian when none is present.
find_java() {
  local candidates=() c major
  [ -n "${NEO4J_JAVA:-}" ] && candidates+=("$NEO4J_JAVA")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=(/usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/java-21-openjdk-*/bin/java
    /usr/lib/jvm/temurin-17*/bin/java /usr/lib/jvm/temurin-21*/bin/java)
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    major=$(java_major "$c")
    if [ "$major" = 17 ] || [ "$major" = 21 ]; then echo "$c"; return 0; fi
  done
  return 1
}

ensure_tools() {
  local need=()
  find_java >/dev/null || need+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || [ -d "$lib_dir" ] || need+=(maven)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]} with apt-get"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2 || die "apt-get update failed; install ${need[*]} by hand"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >&2 ||
      die "apt-get install ${need[*]} failed"
  fi
  find_java >/dev/null || die "no Java 17 or 21 found (set NEO4J_JAVA)"
}

cmd_fetch() {
  ensure_tools
  if [ -f "$lib_dir/.complete" ]; then return 0; fi
  log "resolving Neo4j jars from Maven Central into $lib_dir (first run only)"
  local tmp="$lib_dir.tmp.$$"
  rm -rf "$tmp"
  mvn -B -q -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DoutputDirectory="$tmp" >&2 ||
    { rm -rf "$tmp"; die "mvn could not resolve $pom"; }
  ls "$tmp"/neo4j-server-*.jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "neo4j-server jar missing after resolve"; }
  touch "$tmp/.complete"
  rm -rf "$lib_dir"
  mv "$tmp" "$lib_dir"
  log "cached $(ls "$lib_dir" | wc -l) jars"
}

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid=$(cat "$pid_file")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; return 0; fi
  return 1
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_conf() {
  mkdir -p "$home/conf" "$home/data" "$home/logs" "$home/run" "$home/plugins" "$home/import"
  cat >"$home/conf/neo4j.conf" <<EOF
# Written by scripts/neo4j.sh for instance '$instance'; edits are overwritten on start.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$bolt_port
# Advertised addresses must carry the real ports, or neo4j:// routing tables
# would send drivers to the defaults.
server.bolt.advertised_address=127.0.0.1:$bolt_port
server.http.listen_address=127.0.0.1:$http_port
server.http.advertised_address=127.0.0.1:$http_port
server.https.enabled=false
dbms.usage_report.enabled=false
server.directories.data=$home/data
server.directories.logs=$home/logs
server.directories.run=$home/run
server.directories.plugins=$home/plugins
server.directories.import=$home/import
# Sized for a 2-core, 24 GiB machine that also runs the API and the tests.
server.memory.heap.initial_size=$heap
server.memory.heap.max_size=$heap
server.memory.pagecache.size=$pagecache
db.memory.transaction.total.max=2g
db.transaction.timeout=120s
db.logs.query.enabled=INFO
db.logs.query.threshold=1s
# Hosts Neo4j Browser may fetch guides and styles from (hostnames, any port):
# Neo4j's default plus 127.0.0.1, where make run serves the JourneyGraph
# guide (:play http://127.0.0.1:8080/guide/).
browser.remote_content_hostname_whitelist=guides.neo4j.com,localhost,127.0.0.1
EOF
}

# ensure_password sets the initial password of a new instance (NEO4J_HOME and
# NEO4J_CONF exported).
ensure_password() {
  if [ ! -f "$home/data/dbms/auth.ini" ]; then
    "$1" -Xmx256m -cp "$lib_dir/*" org.neo4j.cli.AdminTool dbms set-initial-password "$password" >/dev/null ||
      die "could not set the initial password"
  fi
}

cmd_start() {
  local pid
  if pid=$(running_pid); then
    log "already running (pid $pid, bolt 127.0.0.1:$bolt_port)"
    return 0
  fi
  cmd_fetch
  local java
  java=$(find_java)
  port_busy "$bolt_port" && die "port $bolt_port is in use by another process (set NEO4J_BOLT_PORT)"
  port_busy "$http_port" && die "port $http_port is in use by another process (set NEO4J_HTTP_PORT)"
  if [ "${NEO4J_FRESH:-0}" = 1 ]; then rm -rf "$home/data"; fi
  write_conf
  export NEO4J_HOME="$home" NEO4J_CONF="$home/conf"
  ensure_password "$java"
  # The JVM flags a packaged bin/neo4j would pass (see its default neo4j.conf).
  local jvm=(-Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow
    -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
    -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED)
  log "starting Neo4j (bolt 127.0.0.1:$bolt_port, http 127.0.0.1:$http_port, log $console_log)"
  local t0
  t0=$(date +%s%N)
  # setsid: the server outlives this script and make, and gets no terminal signals.
  setsid "$java" "${jvm[@]}" -cp "$home/conf:$home/plugins/*:$lib_dir/*" \
    org.neo4j.server.CommunityEntryPoint --home-dir="$home" --config-dir="$home/conf" --console-mode \
    >"$console_log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  if ! (cd "$root" && go run ./cmd/neo4j-wait \
    -uri "bolt://127.0.0.1:$bolt_port" -password "$password" -timeout "${start_timeout}s" -pid "$(cat "$pid_file")"); then
    log "Neo4j did not become ready; last lines of $console_log:"
    tail -n 30 "$console_log" >&2 || true
    cmd_stop || true
    die "Neo4j did not start within ${start_timeout}s (full log: $console_log, debug log: $home/logs/debug.log)"
  fi
  log "ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms — Browser: http://127.0.0.1:$http_port/browser/"
}

cmd_stop() {
  local pid
  if ! pid=$(running_pid); then
    log "not running"
    rm -f "$pid_file"
    return 0
  fi
  log "stopping (pid $pid)"
  kill -TERM "$pid"
  local i
  for i in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; log "stopped"; return 0; }
    sleep 0.1
  done
  log "still running after 60s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

# cmd_import runs neo4j-admin's offline importer (the AdminTool entry point of
# the neo4j-command-line jar, with the import tool on the classpath) into the
# stopped instance's database "neo4j". Every nodes-*.csv and
# relationships-*.csv file carries its own header line; any bad entry fails the
# import (--bad-tolerance=0): the files are generated, so a fault is a bug.
cmd_import() {
  local dir=${1:-}
  [ -n "$dir" ] && [ -d "$dir" ] || die "usage: $0 import DIR (a directory written by journeygraph bulkload)"
  local pid
  if pid=$(running_pid); then
    die "instance is running (pid $pid): stop it first with '$0 stop'; import never stops a server for you"
  fi
  port_busy "$bolt_port" && die "port $bolt_port is in use: is another server using this instance's ports?"
  local overwrite=false
  if [ -d "$home/data/databases/neo4j" ]; then
    [ "${NEO4J_IMPORT_OVERWRITE:-0}" = 1 ] ||
      die "instance '$instance' already has a database; set NEO4J_IMPORT_OVERWRITE=1 to replace it"
    overwrite=true
  fi
  cmd_fetch
  local java
  java=$(find_java)
  write_conf
  export NEO4J_HOME="$home" NEO4J_CONF="$home/conf"
  ensure_password "$java"
  local args=() f
  for f in "$dir"/nodes-*.csv; do [ -f "$f" ] && args+=("--nodes=$f"); done
  for f in "$dir"/relationships-*.csv; do [ -f "$f" ] && args+=("--relationships=$f"); done
  [ ${#args[@]} -gt 0 ] || die "$dir holds no nodes-*.csv or relationships-*.csv"
  log "importing ${#args[@]} files from $dir (heap ${NEO4J_IMPORT_HEAP:-1g}, off-heap ${NEO4J_IMPORT_OFFHEAP:-2g})"
  local t0
  t0=$(date +%s%N)
  "$java" -Xms"${NEO4J_IMPORT_HEAP:-1g}" -Xmx"${NEO4J_IMPORT_HEAP:-1g}" -XX:+UseG1GC \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
    -cp "$home/conf:$lib_dir/*" org.neo4j.cli.AdminTool database import full neo4j \
    --overwrite-destination="$overwrite" --bad-tolerance=0 --strict=true \
    --max-off-heap-memory="${NEO4J_IMPORT_OFFHEAP:-2g}" --report-file="$home/logs/import.report" \
    "${args[@]}" >&2 || die "import failed (report: $home/logs/import.report)"
  log "imported in $(( ($(date +%s%N) - t0) / 1000000 )) ms; start the instance, then run journeygraph bulkload -finish"
}

cmd_status() {
  local pid
  if pid=$(running_pid); then
    echo "running (pid $pid, bolt 127.0.0.1:$bolt_port, http 127.0.0.1:$http_port)"
  else
    echo "not running"
    return 1
  fi
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  import) cmd_import "${2:-}" ;;
  *) echo "usage: $0 fetch|start|stop|status|import DIR" >&2; exit 2 ;;
esac
