#!/usr/bin/env bash
# apt-install.sh WHO PACKAGE...: install the Debian PACKAGEs (as root, or
# through sudo). The ensure scripts call it when what they need is missing:
# ensure-apt.sh when a command is, ensure-pm4py.sh when python3.11 cannot
# make a venv.
set -euo pipefail
who=$1
shift
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$who: apt-get is not available; install $*" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi
echo "$who: installing $*" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
