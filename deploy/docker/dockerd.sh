#!/usr/bin/env bash
# A private Docker daemon for machines without one (Debian 12's docker.io, no systemd): `dockerd.sh start` starts
# dockerd with no bridge network (--bridge=none, no iptables rules: containers can only use --network host or none),
# niced, with its own socket, state and exec root, and prints the DOCKER_HOST to use; `dockerd.sh stop` stops it
# (its containers stop with it; images stay in the state folder for the next start). Needs root.
# Environment: TINYUNET_DOCKERD_ROOT (/var/lib/tinyunet-docker), TINYUNET_DOCKERD_SOCKET (/run/tinyunet-docker.sock).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
host=unix://$TINYUNET_DOCKERD_SOCKET

running() { [[ -f $TINYUNET_DOCKERD_PIDFILE ]] && kill -0 "$(cat "$TINYUNET_DOCKERD_PIDFILE")" 2>/dev/null; }

start() {
  if running; then echo "$host"; return; fi
  command -v dockerd >/dev/null || { echo "error: dockerd not found (apt-get install docker.io)" >&2; exit 1; }
  mkdir -p "$TINYUNET_DOCKERD_ROOT"
  # nice 19: builds and containers inherit it, so they yield the CPU to anything else running on the machine.
  nohup nice -n 19 dockerd --bridge=none --iptables=false --ip-masq=false \
    --host "$host" --data-root "$TINYUNET_DOCKERD_ROOT/data" --exec-root "$TINYUNET_DOCKERD_EXEC_ROOT" \
    --pidfile "$TINYUNET_DOCKERD_PIDFILE" >"$TINYUNET_DOCKERD_ROOT/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 120); do
    DOCKER_HOST=$host docker_answers "$(pick_docker)" && { echo "$host"; return; }
    sleep 0.5
  done
  echo "error: dockerd did not answer within 60 s; its log: $TINYUNET_DOCKERD_ROOT/dockerd.log" >&2
  tail -n 20 "$TINYUNET_DOCKERD_ROOT/dockerd.log" >&2
  exit 1
}

stop() {
  running || return 0
  local pid
  pid=$(cat "$TINYUNET_DOCKERD_PIDFILE")
  kill "$pid"
  # dockerd stops its containers first (each gets its stop timeout), so allow a while.
  for _ in $(seq 1200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "error: dockerd ($pid) still running after 120 s" >&2
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
