#!/usr/bin/env bash
# `npm run setup`: what the tests need beyond `npm ci`, on a fresh Debian machine.
# - verdaccio (the local npm registry the publishing tests start), in its own folder and lockfile;
# - Debian's chromium (/usr/bin/chromium) for the docs' browser tests, if it is not there yet;
# - Debian's postgresql (/usr/lib/postgresql/<version>/bin) for the Postgres delivery store's tests, if it
#   is not there yet. The tests start their own throwaway server (tools/testing/postgres.ts); the
#   system service is not needed and not started here.
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

if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' > /dev/null; then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update
  # The package's postinst may create a default cluster; the tests do not use it, and nothing here starts
  # the system service. `env` so that DEBIAN_FRONTEND survives sudo's environment reset.
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi
ls -d /usr/lib/postgresql/*/bin/postgres
