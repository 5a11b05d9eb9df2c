#!/usr/bin/env bash
# `npm run setup`: what the tests need beyond `npm ci`, on a fresh Debian machine.
# - verdaccio (the local npm registry the publishing tests start), in its own folder and lockfile;
# - Debian's chromium (/usr/bin/chromium) for the docs' browser tests, if it is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --prefix tools/registry --no-audit --no-fund

if [ ! -x /usr/bin/chromium ]; then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y chromium
fi
/usr/bin/chromium --version
