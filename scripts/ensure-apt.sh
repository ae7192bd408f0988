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
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$who: ${alternatives[0]} is missing and apt-get is not available; install $*" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi
echo "$who: installing $*" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
command -v "${alternatives[0]}" >/dev/null
