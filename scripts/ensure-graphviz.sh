#!/usr/bin/env bash
# Graphviz `dot` is needed by the test that renders journeyMapDiagram(format:
# DOT). Install it from Debian when it is missing; the test fails (never
# skips) without it.
set -euo pipefail
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-graphviz: dot is missing and apt-get is not available; install Graphviz" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi
echo "ensure-graphviz: installing graphviz (for the diagram test)" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends graphviz >/dev/null
command -v dot >/dev/null
