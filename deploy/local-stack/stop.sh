#!/usr/bin/env bash
# Stops what start.sh started (all, or the components named), by the PIDs it recorded. Idempotent. Add --purge to
# delete the state folder as well.
set -uo pipefail
purge=false
args=()
for a in "$@"; do if [[ $a == --purge ]]; then purge=true; else args+=("$a"); fi; done
source "$(dirname "$0")/lib.sh"

stop_rabbitmq() {
  rabbit_env
  local d=$STACK_DIR/rabbitmq
  if alive "$RABBITMQ_PID_FILE"; then
    local pid
    pid=$(cat "$RABBITMQ_PID_FILE")
    # rabbitmqctl can hang for minutes on a node that is itself stuck: give it RABBITMQ_STOP_TIMEOUT (30 s), then
    # SIGTERM, then SIGKILL after 10 s more.
    timeout "${RABBITMQ_STOP_TIMEOUT:-30}" "$RABBIT_BIN/rabbitmqctl" -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || kill "$pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$RABBITMQ_PID_FILE"
  # epmd outlives the node; it is ours (own port), end it by its PID.
  if alive "$d/epmd.pid"; then kill "$(cat "$d/epmd.pid")" 2>/dev/null; fi
  rm -f "$d/epmd.pid"
}

stop_postgres() {
  local d=$STACK_DIR/postgres
  if [[ -f $d/data/postmaster.pid ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$d/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

stop_orthanc() {
  local d=$STACK_DIR/orthanc
  if alive "$d/orthanc.pid"; then
    local pid
    pid=$(cat "$d/orthanc.pid")
    kill "$pid" 2>/dev/null
    # Orthanc 1.10 takes ~4.5 s to stop on SIGTERM, a loaded machine longer. It must be gone before its PID file is:
    # a start.sh after that would take the old one's answer for its own ready check, and lose the port to it.
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  rm -f "$d/orthanc.pid"
}

for component in $(components "${args[@]}"); do
  case $component in
    rabbitmq) stop_rabbitmq ;;
    postgres) stop_postgres ;;
    orthanc) stop_orthanc ;;
    *) echo "error: unknown component '$component'" >&2; exit 2 ;;
  esac
done
if $purge && ((${#args[@]} == 0)); then rm -rf "$STACK_DIR"; fi
