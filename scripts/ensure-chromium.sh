#!/usr/bin/env bash
# Debian's Chromium drives the explorer's browser tests (server/explorer).
# Install it when it is missing; the tests fail (never skip) without it.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/ensure-apt.sh" ensure-chromium 'chromium|chromium-browser' chromium fonts-dejavu-core
