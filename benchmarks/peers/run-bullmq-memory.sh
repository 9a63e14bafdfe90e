#!/usr/bin/env bash
# BullMQ's Redis memory per waiting job (100-byte payload), beside ours (redis-memory in the suite).
# Usage: benchmarks/peers/run-bullmq-memory.sh [REPS]   (env: REDIS_PORT, default 6390; N, default 100000)
# Uses the BullMQ that ../shared/peers/run-bullmq.sh installs (same version), on a Redis of its own.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
peers=${PEERS:-$here/../../../shared/peers}
work=${TMPDIR:-/tmp}/bullmq-peer-bench
export REDIS_PORT=${REDIS_PORT:-6390}
REPS=${1:-3}
mkdir -p "$work" && cp "$peers"/bullmq/* "$work"/ && cp "$here"/bullmq-memory.mjs "$work"/
(cd "$work" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
started=""
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$work/redis-memory.pid" --logfile "$work/redis-memory.log"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  started=1
fi
stop() { [ -n "$started" ] && kill "$(cat "$work/redis-memory.pid")" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq "$REPS"); do
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  node "$work/bullmq-memory.mjs"
done
