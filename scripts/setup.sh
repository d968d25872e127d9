#!/usr/bin/env bash
# Installs what this machine lacks for ClaimGuard, then installs dependencies and builds.
# Idempotent: a second run only checks. Used by `./dev setup|up|test` and by .ci/run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$CLAIMGUARD_ROOT"

step() { printf '\n==> %s\n' "$*"; }
need_root() { [ "$(id -u)" = 0 ] || { echo "error: $1 is missing and installing it needs root: $2" >&2; exit 1; }; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  step "Installing Node 22 into $CLAIMGUARD_NODE_PREFIX (the machine has $(node --version 2>/dev/null || echo none))"
  mkdir -p "$CLAIMGUARD_NODE_PREFIX"
  npm install -g --prefix "$CLAIMGUARD_NODE_PREFIX" node@22 --no-fund --no-audit --loglevel=error
  hash -r
fi
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version | cut -d. -f1)" -lt 10 ]; then
  step "Installing pnpm into $CLAIMGUARD_NODE_PREFIX"
  npm install -g --prefix "$CLAIMGUARD_NODE_PREFIX" pnpm@12 --no-fund --no-audit --loglevel=error
  hash -r
fi

# The dev broker (librdkafka's mock cluster) is a small C launcher.
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing+=(librdkafka-dev)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
# The browser tests drive the web app in Debian's Chromium (Playwright never downloads a browser).
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The gateway's shared rate-limit counters (its integration tests and the stacks use Redis).
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  need_root "${missing[*]}" "apt-get install -y ${missing[*]}"
  step "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    step "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || {
    echo "error: PostgreSQL is not reachable on 127.0.0.1:5432 (trust auth for user postgres expected; see README)" >&2
    exit 1
  }
fi

redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && read -r -t 2 reply <&3 && [[ $reply == +PONG* ]]) 2>/dev/null; }
if ! redis_up; then
  step "Starting Redis on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 20); do redis_up && break; sleep 0.25; done
  redis_up || { echo "error: Redis is not reachable on 127.0.0.1:6379" >&2; exit 1; }
fi

engine_dir="$CLAIMGUARD_ROOT/../shared/tools/prisma-schema-engine"
if [ -n "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ] && [ -d "$engine_dir" ] && [ ! -d "$engine_dir/node_modules" ]; then
  step "Installing the Prisma schema-engine stand-in"
  npm ci --prefix "$engine_dir" --no-fund --no-audit --loglevel=error
fi

step "Installing dependencies"
pnpm install --frozen-lockfile --reporter=silent

step "Building"
pnpm build
