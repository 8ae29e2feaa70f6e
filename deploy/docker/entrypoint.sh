#!/usr/bin/env bash
# Entry point of the TinyUNet image: the first argument picks the process, so one image serves the worker, the PACS
# bridge, the report API and every CLI verb (docker run IMAGE worker | bridge | api | migrate | reprocess | …).
# `healthcheck` is what the image's HEALTHCHECK runs: it checks the process this container was started as.
set -euo pipefail

APP_ROOT="${TINYUNET_APP_ROOT:-/app}"
# The role is remembered for the HEALTHCHECK, which runs as a separate process without the container's arguments.
ROLE_FILE="${TINYUNET_ROLE_FILE:-/tmp/tinyunet-role}"

remember_role() { printf '%s\n' "$1" >"$ROLE_FILE" 2>/dev/null || true; }

cli() { exec dotnet "$APP_ROOT/cli/tinyunet.dll" "$@"; }

# A plain HTTP/1.0 GET through bash's /dev/tcp: the runtime image has no curl, and one is not worth adding for this.
http_ok() {
  local port="$1" path="$2" status
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
  IFS= read -r -t 10 status <&3 || return 1
  exec 3<&-
  [[ "$status" == HTTP/1.?" 200"* ]]
}

# The port of the first address in an ASP.NET Core URL list ("http://*:8082;http://…"), else the given default.
first_port() {
  local urls="$1" fallback="$2" first
  [[ -z "$urls" ]] && { echo "$fallback"; return; }
  first="${urls%%;*}"
  first="${first##*:}"
  echo "${first%%/*}"
}

healthcheck() {
  local role urls="${Urls:-${URLS:-${ASPNETCORE_URLS:-}}}"
  role="$(cat "$ROLE_FILE" 2>/dev/null || true)"
  # Every long-running role serves /health/live (process up, not wedged); readiness (database, model) is the
  # orchestrator's separate probe, so a database outage does not get a healthy worker restarted.
  case "$role" in
    api)
      # ASPNETCORE_HTTP_PORTS may list several ports; the first one is checked.
      local ports="${ASPNETCORE_HTTP_PORTS:-8080}"
      http_ok "$(first_port "$urls" "${ports%%[,;]*}")" /health/live ;;
    worker) http_ok "$(first_port "$urls" 8082)" /health/live ;;
    bridge) http_ok "$(first_port "$urls" 8081)" /health/live ;;
    *)
      # One-shot CLI verbs: the container's exit code is their health.
      return 0 ;;
  esac
}

case "${1:-}" in
  worker)             shift; remember_role worker; exec dotnet "$APP_ROOT/worker/TinyUNet.Worker.dll" "$@" ;;
  bridge|pacs-bridge) shift; remember_role bridge; exec dotnet "$APP_ROOT/bridge/TinyUNet.PacsBridge.dll" "$@" ;;
  api|report-api)     shift; remember_role api; exec dotnet "$APP_ROOT/api/TinyUNet.ReportApi.dll" "$@" ;;
  healthcheck)        healthcheck ;;
  # CLI verbs leave the role file alone: a probe that runs one inside a worker's container must not relabel it.
  cli)                shift; cli "$@" ;;
  *)                  cli "$@" ;;
esac
