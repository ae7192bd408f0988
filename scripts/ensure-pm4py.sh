#!/usr/bin/env bash
# pm4py reads the event-log exports back in the export interop test
# (eventlog, tools/pm4py/check_eventlog.py). Creates a virtual environment in
# .cache/pm4py-venv (ignored) with the pinned, hash-checked versions of
# tools/pm4py/requirements.txt, once: it is rebuilt only when that file
# changes. Prints the venv's python. The test fails (never skips) without it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
req="$root/tools/pm4py/requirements.txt"
venv="$root/.cache/pm4py-venv"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv/bin/python"
  exit 0
fi
# The pinned wheels are CPython 3.11's, and the venv needs its venv and
# ensurepip modules, which Debian ships apart (python3.11-venv): a python3.11
# without them is of no use, so they are installed through apt, and the venv
# is made with Debian's interpreter (PM4PY_SYSTEM_PYTHON, for the script's
# own test).
system_python=${PM4PY_SYSTEM_PYTHON:-/usr/bin/python3.11}
can_make_venv() {
  "$1" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' >/dev/null 2>&1
}
python=""
for p in "${PYTHON:-python3}" python3.11 "$system_python"; do
  if can_make_venv "$p"; then python=$p; break; fi
done
if [ -z "$python" ]; then
  "$root/scripts/apt-install.sh" ensure-pm4py python3.11 python3.11-venv
  python=$system_python
  if ! can_make_venv "$python"; then
    echo "ensure-pm4py: $python cannot make a venv even after installing python3.11 and python3.11-venv" >&2
    exit 1
  fi
fi
echo "ensure-pm4py: installing pm4py into $venv (a few minutes, once)" >&2
rm -rf "$venv"
mkdir -p "$root/.cache"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
  --only-binary=:all: -r "$req" >&2
"$venv/bin/python" -c 'import pm4py' >&2
echo "$want" >"$stamp"
echo "$venv/bin/python"
