#!/usr/bin/env bash
# The whole test suite on a fresh machine: Node 24, packages, Chromium (browser tests), a local
# PostgreSQL with trust auth on 127.0.0.1 (the scale-out suites), then typecheck, build and vitest.
# Ends with "N passed, N failed" counted from vitest's JSON report.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "stockbell: installing Debian's chromium for the browser tests…" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
fi

if [ "${STOCKBELL_TEST_PG:-}" != "off" ] && [ -z "${STOCKBELL_TEST_PG:-}" ]; then
  if ! pg_isready -q -h 127.0.0.1 2>/dev/null; then
    echo "stockbell: starting PostgreSQL with trust auth on 127.0.0.1…" >&2
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
      [ -f "$hba" ] || continue
      as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
    done
    as_root service postgresql start >&2
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  fi
  if ! pg_isready -q -h 127.0.0.1; then
    echo "stockbell: PostgreSQL is not reachable on 127.0.0.1:5432. Start it, point STOCKBELL_TEST_PG at one," >&2
    echo "           or run SQLite only with STOCKBELL_TEST_PG=off." >&2
    exit 1
  fi
  psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'stockbell_test'" | grep -q 1 ||
    psql -h 127.0.0.1 -U postgres -qc "create database stockbell_test" >&2
fi

npm run --silent typecheck
npm run --silent lint
npm run --silent build
mkdir -p test-results
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
status=$?
set -e
node scripts/summary.ts test-results/vitest.json
exit $status
