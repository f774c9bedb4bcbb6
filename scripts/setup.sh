# Sourced by demo.sh and test.sh: Node 24, then the project's packages (npm ci when the lockfile changed).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
stamp="node_modules/.stockbell-lock"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node --version)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "stockbell: installing packages (npm ci)…" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > "$stamp"
fi
