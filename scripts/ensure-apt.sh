#!/usr/bin/env bash
# ensure-apt.sh WHO COMMAND PACKAGE...: install the Debian PACKAGEs when none of
# COMMAND (a|b|… alternatives) is on PATH. The tools the tests need are
# installed by the project's scripts on first use; a test never skips.
set -euo pipefail
who=$1 commands=$2
shift 2
IFS='|' read -ra alternatives <<<"$commands"
for c in "${alternatives[@]}"; do
  if command -v "$c" >/dev/null 2>&1; then
    exit 0
  fi
done
"$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" "$who" "$@"
command -v "${alternatives[0]}" >/dev/null
