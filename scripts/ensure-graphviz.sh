#!/usr/bin/env bash
# Graphviz `dot` is needed by the test that renders journeyMapDiagram(format:
# DOT). Install it from Debian when it is missing; the test fails (never
# skips) without it.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/ensure-apt.sh" ensure-graphviz dot graphviz
