#!/usr/bin/env bash
# The soak of issue 21: a day's load on one worker. On a private local stack the PACS bridge and one CPU worker
# (Release builds, the bundled model) take a stream of synthetic studies (synthetic-ct, 60 slices, 512² and 256²
# alternating) stored in Orthanc back to back (the next one as soon as fewer than two wait), for --minutes (default 60)
# and at least --studies (default 200 for runs of 60 minutes or more, else none); then it waits for the last outcomes.
# A few studies carry a poison slice (a real JPEG-lossless CT file given BitsAllocated 32, on which GDCM abort()s in the
# worker's decoder child): study 3 and every 80th from 40 at the end of the stack (the product leaves that slice out and
# segments the rest), study 6 and every 80th from 80 in the middle (the gap fails the study permanently, into
# segment-study_error). Every window (--window seconds: 600 for runs of 30 minutes or more, else a third of the run,
# at least 30 s) and at the end it reports: studies done / failed / duplicated / lost; slices/s per window; worker RSS
# and managed heap (its /health/runtime), decoder children, open fds, PostgreSQL connections and work-folder entries
# per window; every exit of the worker or the bridge and every decoder child crash with its cause. Exit code 0 only
# when every figure holds (see README, "Soak"): poison studies only fail, for the right reason; no duplicate, none lost;
# the last full window's slices/s ≥ 0.9 × the first's; from the worker's heap releases between studies (its timestamped
# log): each later window's RSS peak ≤ 1.10 × the end of the first's; in the last two windows the anonymous RSS the
# releases leave ≤ 1.10 × and their managed live set ≤ 1.10 × or + 16 MiB (without releases: RSS median and heap floor ≤ 1.10 ×);
# fds, connections and decoder children not growing; no work-folder entry and nothing left in the queues at the end.
# 1 when one fails, 2 for usage errors. The stack is always stopped and its state removed.
#
# Usage: scripts/soak.sh [--minutes N] [--studies N] [--window SECONDS] [--out DIR] [--no-build]
# The report (soak-report.json, soak-report.txt) goes to --out (default SOAK_DIR/report); SOAK_DIR (default a new
# /tmp/tinyunet-soak.XXXXXX) keeps the logs and the recorded figures. Needs root (PostgreSQL runs under runuser) and
# ../shared/data/dicom beside the clone (the poison's source). Environment: SOAK_DIR, SOAK_SLICES (60),
# SOAK_SAMPLE_SECONDS (10), SOAK_DRAIN_TIMEOUT_SECONDS (1200), SOAK_POISON_SOURCE.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; }
whole() { [[ $1 =~ ^[0-9]+$ ]] || { echo "error: $2 must be a whole number" >&2; exit 2; }; }
minutes=60 studies_min="" window="" out="" build=1
while (($#)); do
  case $1 in
    --minutes|--studies|--window|--out)
      (($# >= 2)) || { usage >&2; exit 2; }
      case $1 in --minutes) minutes=$2 ;; --studies) studies_min=$2 ;; --window) window=$2 ;; --out) out=$2 ;; esac
      shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
whole "$minutes" --minutes
((minutes >= 1)) || { echo "error: --minutes must be at least 1" >&2; exit 2; }
if [[ -z $studies_min ]]; then if ((minutes >= 60)); then studies_min=200; else studies_min=0; fi; fi
whole "$studies_min" --studies
if [[ -z $window ]]; then if ((minutes >= 30)); then window=600; else window=$((minutes * 20 > 30 ? minutes * 20 : 30)); fi; fi
whole "$window" --window
slices=${SOAK_SLICES:-60} sample_seconds=${SOAK_SAMPLE_SECONDS:-10} drain_timeout=${SOAK_DRAIN_TIMEOUT_SECONDS:-1200}
whole "$slices" SOAK_SLICES; whole "$sample_seconds" SOAK_SAMPLE_SECONDS; whole "$drain_timeout" SOAK_DRAIN_TIMEOUT_SECONDS
((slices >= 8)) || { echo "error: SOAK_SLICES must be at least 8" >&2; exit 2; }
poison_source=${SOAK_POISON_SOURCE:-$repo/../shared/data/dicom/wg04/JPLL__CT1_JPLL}
[[ -f $poison_source ]] || { echo "error: no JPEG-lossless CT file at $poison_source (../shared/data/dicom, beside the clone)" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "error: run as root (the PostgreSQL cluster is started with runuser)" >&2; exit 2; }

t0=$SECONDS
say() { printf '%5ds  %s\n' $((SECONDS - t0)) "$*"; }

soak=${SOAK_DIR:-$(mktemp -d /tmp/tinyunet-soak.XXXXXX)}
mkdir -p "$soak"
soak=$(cd "$soak" && pwd)
chmod 755 "$soak" # PostgreSQL (user postgres) must reach its folder inside
out=${out:-$soak/report}
logs=$soak/logs work=$soak/work output=$soak/output inputs=$soak/studies
mkdir -p "$logs" "$work" "$output" "$inputs" "$out"
: >"$soak/fed.tsv"; : >"$soak/samples.tsv"; : >"$soak/crashes.tsv"; : >"$soak/runs.tsv"
rm -f "$soak/stop" "$soak/feeding.done"

read -r RABBITMQ_PORT RABBITMQ_DIST_PORT EPMD_PORT POSTGRES_PORT ORTHANC_HTTP_PORT ORTHANC_DICOM_PORT worker_port bridge_port \
  < <(/usr/bin/python3 -c '
import socket
held = [socket.socket() for _ in range(8)]
for s in held: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in held))')
# A stable age above the test stack's 2 s: a study must not turn stable while its 60 files are still being stored
# on a busy machine (the bridge would then send it twice, rightly, and the soak would count a duplicate).
export STACK_DIR=$soak/stack RABBITMQ_PORT RABBITMQ_DIST_PORT EPMD_PORT POSTGRES_PORT ORTHANC_HTTP_PORT ORTHANC_DICOM_PORT \
  ORTHANC_STABLE_AGE=${ORTHANC_STABLE_AGE:-5}

worker_pid="" bridge_pid="" feeder_pid=""
stop_pid() { # pid: SIGTERM, then SIGKILL after 45 s
  [[ -n $1 ]] || return 0
  if kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null || true
    for _ in $(seq 450); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$1" 2>/dev/null && kill -9 "$1" 2>/dev/null
  fi
  wait "$1" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  touch "$soak/stop"
  stop_pid "$feeder_pid"; stop_pid "$bridge_pid"; stop_pid "$worker_pid"
  for f in "$STACK_DIR"/orthanc/orthanc.log "$STACK_DIR"/postgres/postgres.log; do [[ -f $f ]] && cp "$f" "$logs/"; done
  bash deploy/local-stack/stop.sh --purge >/dev/null 2>&1 || echo "warning: stopping the soak stack failed; see $STACK_DIR" >&2
  rm -rf "$inputs" "$output"
  echo "Report: $out; logs and recorded figures: $soak (stack stopped and its state removed)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash scripts/prerequisites.sh
bin() { echo "$repo/src/$1/bin/Release/net10.0/linux-x64/${2:-$1}"; }
if ((build)); then
  say "building the worker, the PACS bridge and the CLI (Release; log $logs/build.log)"
  for project in TinyUNet.Worker TinyUNet.PacsBridge TinyUNet.Cli; do
    dotnet build "src/$project" -c Release -v q -nologo >>"$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; exit 1; }
  done
fi
cli() { "$(bin TinyUNet.Cli tinyunet)" "$@"; }

say "starting a private stack in $STACK_DIR (RabbitMQ :$RABBITMQ_PORT, PostgreSQL :$POSTGRES_PORT, Orthanc :$ORTHANC_HTTP_PORT)"
bash deploy/local-stack/start.sh >/dev/null
set -a; source "$STACK_DIR/worker.env"; set +a
cli migrate >"$logs/migrate.log" 2>&1 || { cat "$logs/migrate.log" >&2; exit 1; }
orthanc=${Pacs__DicomWebBaseUrl%/dicom-web}

sql() {
  runuser -u postgres -- /usr/lib/postgresql/15/bin/psql -h "$STACK_DIR/postgres/sock" -p "$POSTGRES_PORT" \
    -U "${STACK_USER:-tinyunet}" -d "${POSTGRES_DB:-tinyunet}" -XqtA -F $'\t' -c "$1" 2>/dev/null || true
}
outcomes() { local n; n=$(sql "SELECT count(DISTINCT study_instance_uid) FROM runs"); echo "${n:-0}"; }

wait_live() { # pid, port, name
  for _ in $(seq 240); do
    curl -sf "http://127.0.0.1:$2/health/live" >/dev/null 2>&1 && return 0
    kill -0 "$1" 2>/dev/null || break
    sleep 0.5
  done
  echo "error: the $3 did not start; see $logs/$3.log" >&2
  tail -n 30 "$logs/$3.log" >&2
  exit 1
}
start_worker() {
  echo "===== soak.sh: worker start at $(date -Is)" >>"$logs/worker.log"
  # As chaos.sh and the image run it: CPU, one malloc arena, the bundled model. UTC timestamps on the log lines place
  # each heap release (and the live set it leaves) in its window.
  MALLOC_ARENA_MAX=1 Model__BundlePath=$repo/models/tinyunet-covid Device__Name=cpu \
    Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__TimestampFormat='yyyy-MM-ddTHH:mm:ss.fffZ ' \
    Logging__Console__FormatterOptions__UseUtcTimestamp=true \
    Storage__OutputRoot=$output Storage__WorkRoot=$work Urls=http://127.0.0.1:$worker_port \
    "$(bin TinyUNet.Worker)" >>"$logs/worker.log" 2>&1 &
  worker_pid=$!
  wait_live "$worker_pid" "$worker_port" worker
}
start_bridge() {
  echo "===== soak.sh: bridge start at $(date -Is)" >>"$logs/bridge.log"
  Bridge__Name=soak Bridge__PollIntervalSeconds=1 Urls=http://127.0.0.1:$bridge_port \
    "$(bin TinyUNet.PacsBridge)" >>"$logs/bridge.log" 2>&1 &
  bridge_pid=$!
  wait_live "$bridge_pid" "$bridge_port" bridge
}
# A process that ended without this script asking is recorded with its cause (exit code or signal, and the last error
# line of its log) and started again, so the soak goes on and shows what else goes wrong.
exit_cause() { # exit status, log
  local why="exit code $1" line
  (($1 > 128)) && why="signal $(($1 - 128)) ($(kill -l $(($1 - 128)) 2>/dev/null || echo '?'))"
  line=$(tail -n 200 "$2" | grep -E 'Unhandled exception|Assertion|Fatal|fail:|crit:|Aborted|Segmentation fault' | tail -n 1 | tr '\t' ' ' || true)
  echo "$why${line:+; last error line: ${line:0:300}}"
}
check_processes() {
  local rc name pid_var
  for name in worker bridge; do
    pid_var=${name}_pid
    if [[ -n ${!pid_var} ]] && ! kill -0 "${!pid_var}" 2>/dev/null; then
      rc=0; wait "${!pid_var}" 2>/dev/null || rc=$?
      printf '%s\t%s\t%s\n' "$(date +%s)" "$name" "$(exit_cause "$rc" "$logs/$name.log")" >>"$soak/crashes.tsv"
      say "!! the $name exited by itself (status $rc); starting it again"
      "start_$name"
    fi
  done
}

# --- the studies: written one at a time, stored in Orthanc, their files removed (the PACS keeps them) ---
kind_of() { # study number → normal | poison-end | poison-middle
  local k=$1
  if ((k == 3 || (k >= 40 && k % 80 == 40))); then echo poison-end
  elif ((k == 6 || (k >= 80 && k % 80 == 0))); then echo poison-middle
  else echo normal; fi
}
seed_base=$(( (RANDOM << 15 | RANDOM) % 1000000 * 1000 ))
feed_study() {
  local k=$1 kind rows dir=$inputs/study$k uid file
  kind=$(kind_of "$k")
  # The poison source is 512²; otherwise 512² and 256² alternate, a 512² first.
  if [[ $kind != normal || $((k % 2)) -eq 1 ]]; then rows=512; else rows=256; fi
  cli synthetic-ct --out "$dir" --rows "$rows" --columns "$rows" --slices "$slices" --seed $((seed_base + k)) >"$dir.json"
  uid=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["studyInstanceUid"])' "$dir.json")
  case $kind in
    poison-end) /usr/bin/python3 scripts/soak/poison-slice.py "$poison_source" "$(printf '%s/IMG%04d.dcm' "$dir" "$slices")" ;;
    poison-middle) /usr/bin/python3 scripts/soak/poison-slice.py "$poison_source" "$(printf '%s/IMG%04d.dcm' "$dir" $((slices / 2)))" ;;
  esac
  for file in "$dir"/*.dcm; do
    curl -sSf -u "$Pacs__Username:$Pacs__Password" -H 'Content-Type: application/dicom' --data-binary "@$file" \
      "$orthanc/instances" >/dev/null
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "$uid" "$kind" "$rows" "$slices" "$(date +%s)" >>"$soak/fed.tsv"
  rm -rf "$dir" "$dir.json"
}
feeder() {
  local k=0 start; start=$(date +%s)
  while [[ ! -f $soak/stop ]]; do
    (($(date +%s) - start >= minutes * 60 && k >= studies_min)) && break
    # Back to back: the next study as soon as fewer than two wait (one in the worker, one queued behind it).
    if ((k - $(outcomes) >= 2)); then sleep 1; continue; fi
    k=$((k + 1))
    feed_study "$k" || echo "feeder: study $k could not be written or stored" >&2
  done
  date +%s >"$soak/feeding.done"
}

sample() {
  local rss runtime heap children fds pg entries
  [[ -n $worker_pid ]] && kill -0 "$worker_pid" 2>/dev/null || return 0
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$worker_pid/status" 2>/dev/null || true)
  # Every figure the worker gives is kept (runtime.jsonl, for a closer look); the live set after gen 2 is the one judged.
  runtime=$(curl -sf --max-time 5 "http://127.0.0.1:$worker_port/health/runtime" || true)
  [[ -n $runtime ]] && printf '{"t":%s,"runtime":%s}\n' "$(date +%s)" "$runtime" >>"$soak/runtime.jsonl"
  heap=$(grep -o '"managedLiveAfterGen2Bytes":[0-9]*' <<<"$runtime" | cut -d: -f2 || true)
  children=$(ps --ppid "$worker_pid" -o pid= 2>/dev/null | grep -c . || true)
  fds=$(find "/proc/$worker_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | grep -c . || true)
  pg=$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
  entries=$(find "$work" -mindepth 1 -maxdepth 1 2>/dev/null | grep -c . || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date +%s)" "${rss:-0}" "${heap:-0}" "${children:-0}" "${fds:-0}" "${pg:-0}" "${entries:-0}" \
    >>"$soak/samples.tsv"
}
dump_runs() {
  sql "SELECT study_instance_uid, status, regexp_replace(coalesce(error, ''), '\s+', ' ', 'g'),
    extract(epoch FROM started_at), extract(epoch FROM finished_at), series_instance_uid FROM runs" >"$soak/runs.tsv"
}
write_meta() { # [end time]
  /usr/bin/python3 -c 'import json, sys
path, *numbers = sys.argv[1:]
keys = ["start", "windowSeconds", "minutes", "studiesMin", "slices", "sampleSeconds", "end"]
json.dump(dict(zip(keys, map(int, numbers))), open(path, "w"))' \
    "$soak/meta.json" "$started" "$window" "$minutes" "$studies_min" "$slices" "$sample_seconds" "$@"
}
report() { dump_runs; /usr/bin/python3 scripts/soak/report.py "$soak" "$out" "$@"; }

say "starting the worker (log $logs/worker.log) and the PACS bridge (log $logs/bridge.log)"
start_worker
start_bridge
started=$(date +%s)
write_meta
say "feeding studies for $minutes min (at least $studies_min; $slices slices each, 512² and 256²); a report every ${window}s"
feeder >>"$logs/feeder.log" 2>&1 &
feeder_pid=$!

next_report=$((started + window))
while true; do
  check_processes
  sample
  now=$(date +%s)
  if ((now >= next_report)); then
    say "window $(((next_report - started) / window)) done"
    report | tee -a "$out/progress.txt"
    next_report=$((next_report + window))
  fi
  if [[ -f $soak/feeding.done ]]; then
    fed=$(grep -c . "$soak/fed.tsv" || true)
    (($(outcomes) >= fed)) && break
    if ((now - $(cat "$soak/feeding.done") > drain_timeout)); then say "!! gave up waiting for the last outcomes after ${drain_timeout}s"; break; fi
  fi
  sleep "$sample_seconds"
done
wait "$feeder_pid" 2>/dev/null || true
feeder_pid=""
say "every study fed has an outcome; waiting for the work folder to empty and the queues to settle"
for _ in $(seq 30); do
  [[ -z $(find "$work" -mindepth 1 -maxdepth 1 -print -quit) ]] && break
  sleep 1
done
sleep 3
sample
write_meta "$(date +%s)"
( source deploy/local-stack/lib.sh; rabbit_env
  timeout 60 "$RABBIT_BIN/rabbitmqctl" -q list_queues name messages_ready messages_unacknowledged 2>/dev/null ) \
  | awk 'NF == 3 && $2 ~ /^[0-9]+$/ { print $1 "\t" $2 "\t" $3 }' >"$soak/queues.tsv" || true
while IFS=$'\t' read -r _ uid _; do
  n=$(curl -sf -u "$Pacs__Username:$Pacs__Password" -X POST "$orthanc/tools/find" \
    -d "{\"Level\":\"Instance\",\"Query\":{\"StudyInstanceUID\":\"$uid\",\"Modality\":\"SEG\"}}" \
    | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo "?")
  printf '%s\t%s\n' "$uid" "$n"
done <"$soak/fed.tsv" >"$soak/segs.tsv"
report --final
