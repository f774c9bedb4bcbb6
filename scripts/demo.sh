#!/usr/bin/env bash
# Starts the demo inventory host with Stockbell on http://127.0.0.1:${PORT:-3000}.
# Everything it needs is installed on first run; data lives in ${DATA_DIR:-./.demo-data}.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
npm run --silent build
exec node demo/main.ts
