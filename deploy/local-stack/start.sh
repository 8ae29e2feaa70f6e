#!/usr/bin/env bash
# Starts RabbitMQ, PostgreSQL and Orthanc (or the ones named: start.sh orthanc) on 127.0.0.1 with their state under
# $STACK_DIR (default <repo>/.stack), waits until each is ready and prints the worker's connection settings, also
# written to $STACK_DIR/worker.env. Idempotent: a component already running is left as it is.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

secrets=$STACK_DIR/secrets.env
if [[ ! -f $secrets ]]; then
  umask 077
  printf 'STACK_PASSWORD=%s\n' "$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')" > "$secrets"
fi
source "$secrets"

start_rabbitmq() {
  rabbit_env
  local d=$STACK_DIR/rabbitmq
  if alive "$RABBITMQ_PID_FILE" && "$RABBIT_BIN/rabbitmq-diagnostics" -q ping >/dev/null 2>&1; then return; fi
  mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  : > "$RABBITMQ_CONF_ENV_FILE"
  cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_PORT
default_user = $STACK_USER
default_pass = $STACK_PASSWORD
loopback_users = none
CONF
  # Our own epmd on our own port, so stopping it never disturbs another node on this machine.
  if ! alive "$d/epmd.pid"; then
    nohup epmd -address 127.0.0.1 -port "$EPMD_PORT" >"$d/log/epmd.log" 2>&1 </dev/null &
    echo $! > "$d/epmd.pid"
  fi
  "$RABBIT_BIN/rabbitmq-server" -detached >/dev/null 2>&1
  # ping first: await_startup fails at once when the node is not up yet.
  for _ in $(seq 120); do
    "$RABBIT_BIN/rabbitmq-diagnostics" -q ping >/dev/null 2>&1 && break
    sleep 0.5
  done
  "$RABBIT_BIN/rabbitmqctl" -q await_startup --timeout 60 >/dev/null
}

start_postgres() {
  local d=$STACK_DIR/postgres
  if [[ -f $d/data/postmaster.pid ]] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$d/data" status >/dev/null 2>&1; then return; fi
  mkdir -p "$d/sock"
  if [[ ! -f $d/data/PG_VERSION ]]; then
    rm -rf "$d/data"
    printf '%s\n' "$STACK_PASSWORD" > "$d/pwfile"
    chown -R postgres: "$d"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$d/data" -U "$STACK_USER" -A scram-sha-256 --auth-local=trust \
      --pwfile="$d/pwfile" >"$d/initdb.log" 2>&1
    rm -f "$d/pwfile"
  fi
  chown -R postgres: "$d"
  # fsync off: a throwaway cluster for development and tests, never for real data.
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$d/data" -l "$d/postgres.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -k $d/sock -c fsync=off -c synchronous_commit=off" start >/dev/null
  runuser -u postgres -- "$PG_BIN/psql" -h "$d/sock" -p "$POSTGRES_PORT" -U "$STACK_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$POSTGRES_DB'" | grep -q 1 \
    || runuser -u postgres -- "$PG_BIN/createdb" -h "$d/sock" -p "$POSTGRES_PORT" -U "$STACK_USER" "$POSTGRES_DB"
}

start_orthanc() {
  local d=$STACK_DIR/orthanc
  if alive "$d/orthanc.pid"; then return; fi
  mkdir -p "$d/storage"
  cat > "$d/config.json" <<CONF
{
  "Name": "tinyunet-local",
  "StorageDirectory": "$d/storage",
  "IndexDirectory": "$d/storage",
  "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so", "/usr/share/orthanc/plugins/libOrthancGdcm.so"],
  "HttpPort": $ORTHANC_HTTP_PORT,
  "DicomPort": $ORTHANC_DICOM_PORT,
  "DicomAet": "TINYUNET",
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": true,
  "RegisteredUsers": { "$STACK_USER": "$STACK_PASSWORD" },
  "StableAge": $ORTHANC_STABLE_AGE,
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" }
}
CONF
  nohup Orthanc "$d/config.json" >"$d/orthanc.log" 2>&1 </dev/null &
  echo $! > "$d/orthanc.pid"
  # Up to 60 s: a machine busy with other test processes can take a while to load the plugins.
  for _ in $(seq 300); do
    curl -sf -u "$STACK_USER:$STACK_PASSWORD" "http://127.0.0.1:$ORTHANC_HTTP_PORT/system" >/dev/null && return
    alive "$d/orthanc.pid" || break
    sleep 0.2
  done
  echo "error: Orthanc did not become ready (see $d/orthanc.log); its last lines:" >&2
  tail -n 15 "$d/orthanc.log" >&2
  exit 1
}

for component in $(components "$@"); do
  case $component in
    rabbitmq) start_rabbitmq ;;
    postgres) start_postgres ;;
    orthanc) start_orthanc ;;
    *) echo "error: unknown component '$component' (rabbitmq, postgres, orthanc)" >&2; exit 2 ;;
  esac
done

# Settings in .NET configuration's environment form (section__key), for the worker and the migrate verb.
# Single-quoted so the file can be sourced by bash (the connection string holds ';').
cat > "$STACK_DIR/worker.env" <<ENV
RabbitMq__Host='127.0.0.1'
RabbitMq__Port='$RABBITMQ_PORT'
RabbitMq__Username='$STACK_USER'
RabbitMq__Password='$STACK_PASSWORD'
Database__ConnectionString='Host=127.0.0.1;Port=$POSTGRES_PORT;Database=$POSTGRES_DB;Username=$STACK_USER;Password=$STACK_PASSWORD'
Pacs__DicomWebBaseUrl='http://127.0.0.1:$ORTHANC_HTTP_PORT/dicom-web'
Pacs__Username='$STACK_USER'
Pacs__Password='$STACK_PASSWORD'
ENV
chmod 600 "$STACK_DIR/worker.env"
cat "$STACK_DIR/worker.env"
