#!/usr/bin/env bash
# Starts the demo inventory host with Stockbell on http://127.0.0.1:${PORT:-3000}.
# Everything it needs is installed on first run; data lives in ${DATA_DIR:-./.demo-data}, or in the
# PostgreSQL at DATABASE_URL (postgres://…), where several of these, each on its own PORT, are one host.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Instances started together would install and build into the same folders at once: one at a time.
# (Without flock, e.g. on macOS, start the second once the first is up.)
mkdir -p "$ROOT/.tools"
exec 9>"$ROOT/.tools/demo-setup.lock"
flock 9 2>/dev/null || true
source "$ROOT/scripts/setup.sh"
npm run --silent build
exec 9>&-
exec node demo/main.ts
