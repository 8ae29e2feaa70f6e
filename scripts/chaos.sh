#!/usr/bin/env bash
# The chaos batch of issue 13 on a private local stack: N synthetic studies (default 6) plus one poison study are
# queued for one worker, and while it works through them the worker is SIGKILLed mid-study and restarted, RabbitMQ,
# PostgreSQL and Orthanc are each stopped and started again. Then it waits (bounded) until every study has a final
# outcome and prints one block of figures: studies done / expected, succeeded runs per study (PostgreSQL), SEG
# instances per study (Orthanc), leftover work folders, stray temp files in the output store, what is left in the
# queues (segment-study_error included) and how often the worker died without being killed. Exit code 0 when every
# expectation holds, 1 when one fails, 2 for usage errors; the stack it started is always stopped (trap).
#
# The poison study is a synthetic 512×512 series whose last slice (or middle slice, CHAOS_POISON_AT=middle) is a real
# JPEG-lossless CT file (NEMA WG04, from ../shared/data/dicom: used only to build this one file, the product never
# reads it) given the series' UIDs and geometry and BitsAllocated 32, which makes GDCM abort() the process that
# decodes it (gdcmJPEGCodec.cxx:259). Decoding runs in a child process, so the file is refused and the worker lives:
# at an end of the stack the study succeeds without that slice; in the middle the gap fails it permanently, into
# segment-study_error with the reason.
#
# Everything is private: state, logs and studies in CHAOS_DIR (default a new /tmp/tinyunet-chaos.XXXXXX, kept for the
# logs; the stack's state is purged at the end), every port picked free, its own RabbitMQ node, PostgreSQL cluster and
# Orthanc; a running demo or test stack is never touched. Needs root (PostgreSQL runs under runuser). About 4 minutes
# on 2 CPU cores once built (the builds add 2–3 minutes the first time).
# Environment: CHAOS_STUDIES (6), CHAOS_SLICES (20, of 256×256), CHAOS_POISON_AT (end|middle), CHAOS_OUTAGE_SECONDS
# (10), CHAOS_TIMEOUT_SECONDS (600, the wait for outcomes), CHAOS_DIR, CHAOS_NO_BUILD=1 (use the Release builds there).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in
  "") ;;
  -h|--help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
studies_wanted=${CHAOS_STUDIES:-6}
slices=${CHAOS_SLICES:-20}
poison_at=${CHAOS_POISON_AT:-end}
outage=${CHAOS_OUTAGE_SECONDS:-10}
timeout_seconds=${CHAOS_TIMEOUT_SECONDS:-600}
[[ $studies_wanted =~ ^[1-9][0-9]*$ && $slices =~ ^[1-9][0-9]*$ && $outage =~ ^[0-9]+$ && $timeout_seconds =~ ^[1-9][0-9]*$ ]] \
  || { echo "error: CHAOS_STUDIES, CHAOS_SLICES, CHAOS_OUTAGE_SECONDS and CHAOS_TIMEOUT_SECONDS must be whole numbers" >&2; exit 2; }
[[ $poison_at == end || $poison_at == middle ]] || { echo "error: CHAOS_POISON_AT must be end or middle" >&2; exit 2; }
poison_source=${CHAOS_POISON_SOURCE:-$repo/../shared/data/dicom/wg04/JPLL__CT1_JPLL}
[[ -f $poison_source ]] || { echo "error: no JPEG-lossless CT file at $poison_source (../shared/data/dicom, beside the clone)" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "error: run as root (the PostgreSQL cluster is started with runuser)" >&2; exit 2; }

t0=$SECONDS
say() { printf '%4ds  %s\n' $((SECONDS - t0)) "$*"; }

chaos=${CHAOS_DIR:-$(mktemp -d /tmp/tinyunet-chaos.XXXXXX)}
mkdir -p "$chaos"
chaos=$(cd "$chaos" && pwd)
chmod 755 "$chaos" # PostgreSQL (user postgres) must reach its folder inside
logs=$chaos/logs work=$chaos/work output=$chaos/output inputs=$chaos/studies
mkdir -p "$logs" "$work" "$output" "$inputs"

free_ports() {
  /usr/bin/python3 - "$1" <<'PY'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
PY
}
read -r RABBITMQ_PORT RABBITMQ_DIST_PORT EPMD_PORT POSTGRES_PORT ORTHANC_HTTP_PORT ORTHANC_DICOM_PORT health_port < <(free_ports 7)
export STACK_DIR=$chaos/stack RABBITMQ_PORT RABBITMQ_DIST_PORT EPMD_PORT POSTGRES_PORT ORTHANC_HTTP_PORT ORTHANC_DICOM_PORT

worker_pid="" worker_starts=0 worker_kills=0 unexpected_exits=0
stop_worker() {
  [[ -n $worker_pid ]] || return 0
  if kill -0 "$worker_pid" 2>/dev/null; then
    kill "$worker_pid" 2>/dev/null || true # SIGTERM: a study in flight is finished or abandoned cleanly
    for _ in $(seq 450); do kill -0 "$worker_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$worker_pid" 2>/dev/null && kill -9 "$worker_pid" 2>/dev/null
  fi
  wait "$worker_pid" 2>/dev/null || true
  worker_pid=""
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_worker
  # The stack's own logs are kept with the worker's; its state (queues, database, PACS) goes.
  for f in "$STACK_DIR"/orthanc/orthanc.log "$STACK_DIR"/postgres/postgres.log; do [[ -f $f ]] && cp "$f" "$logs/"; done
  [[ -d $STACK_DIR/rabbitmq/log ]] && cp -r "$STACK_DIR/rabbitmq/log" "$logs/rabbitmq"
  bash deploy/local-stack/stop.sh --purge >/dev/null 2>&1 || echo "warning: stopping the chaos stack failed; see $STACK_DIR" >&2
  echo "Logs: $logs (stack stopped and its state removed)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash scripts/prerequisites.sh
bin() { echo "$repo/src/$1/bin/Release/net10.0/linux-x64/${2:-$1}"; }
if [[ ${CHAOS_NO_BUILD:-} != 1 ]]; then
  say "building the worker and the CLI (Release; log $logs/build.log)"
  for project in TinyUNet.Worker TinyUNet.Cli; do
    dotnet build "src/$project" -c Release -v q -nologo >>"$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; exit 1; }
  done
fi
cli() { "$(bin TinyUNet.Cli tinyunet)" "$@"; }

say "starting a private stack in $STACK_DIR (RabbitMQ :$RABBITMQ_PORT, PostgreSQL :$POSTGRES_PORT, Orthanc :$ORTHANC_HTTP_PORT)"
bash deploy/local-stack/start.sh >/dev/null
set -a; source "$STACK_DIR/worker.env"; set +a
cli migrate >"$logs/migrate.log" 2>&1 || { cat "$logs/migrate.log" >&2; exit 1; }
orthanc=${Pacs__DicomWebBaseUrl%/dicom-web}

# --- helpers over the stack: each answers "" (not an error) while its service is down ---
sql() {
  runuser -u postgres -- /usr/lib/postgresql/15/bin/psql -h "$STACK_DIR/postgres/sock" -p "$POSTGRES_PORT" \
    -U "${STACK_USER:-tinyunet}" -d "${POSTGRES_DB:-tinyunet}" -XqtA -F $'\t' -c "$1" 2>/dev/null || true
}
queues() { # name ready unacked, one queue a line
  ( source deploy/local-stack/lib.sh; rabbit_env
    timeout 30 "$RABBIT_BIN/rabbitmqctl" -q list_queues name messages_ready messages_unacknowledged 2>/dev/null ) \
    | awk 'NF == 3 && $2 ~ /^[0-9]+$/' || true
}
orthanc_find() { # level, StudyInstanceUID → number of SEG objects at that level
  curl -sf -u "$Pacs__Username:$Pacs__Password" -X POST "$orthanc/tools/find" \
    -d "{\"Level\":\"$1\",\"Query\":{\"StudyInstanceUID\":\"$2\",\"Modality\":\"SEG\"}}" \
    | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo "?"
}
work_folders() { find "$work" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort; }

start_worker() {
  worker_starts=$((worker_starts + 1))
  echo "===== chaos.sh: worker start $worker_starts at $(date -Is)" >>"$logs/worker.log"
  # Short broker pauses (10, 20, 40 s) so an outage is ridden out within minutes; CPU, one study at a time.
  MALLOC_ARENA_MAX=1 Model__BundlePath=$repo/models/tinyunet-covid Device__Name=cpu \
    Storage__OutputRoot=$output Storage__WorkRoot=$work Urls=http://127.0.0.1:$health_port \
    Retry__ImmediateRetries=5 Retry__MinIntervalSeconds=1 Retry__MaxIntervalSeconds=8 \
    Retry__Redeliveries=3 Retry__RedeliveryIntervalSeconds=10 Worker__ShutdownTimeoutSeconds=30 \
    "$(bin TinyUNet.Worker)" >>"$logs/worker.log" 2>&1 &
  worker_pid=$!
  for _ in $(seq 240); do
    curl -sf "http://127.0.0.1:$health_port/health/live" >/dev/null 2>&1 && return 0
    kill -0 "$worker_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "error: the worker did not start; see $logs/worker.log" >&2
  tail -n 30 "$logs/worker.log" >&2
  exit 1
}
# A worker that died without being killed here is counted (it should never happen) and started again, so that the
# batch can still finish and show what else went wrong.
check_worker() {
  if [[ -n $worker_pid ]] && ! kill -0 "$worker_pid" 2>/dev/null; then
    local rc=0
    wait "$worker_pid" 2>/dev/null || rc=$?
    unexpected_exits=$((unexpected_exits + 1))
    say "!! the worker exited by itself (exit code $rc); starting it again"
    echo "===== chaos.sh: worker exited by itself, exit code $rc" >>"$logs/worker.log"
    worker_pid=""
    start_worker
  fi
}

# --- the studies ---
say "writing $studies_wanted synthetic studies (256×256×$slices) and the poison study (512×512×12, poison slice at the $poison_at)"
uids=()
for k in $(seq "$studies_wanted"); do
  cli synthetic-ct --out "$inputs/study$k" --rows 256 --columns 256 --slices "$slices" --seed $((RANDOM * 1000 + k)) >"$inputs/study$k.json"
  uids+=("$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["studyInstanceUid"])' "$inputs/study$k.json")")
done
cli synthetic-ct --out "$inputs/poison" --rows 512 --columns 512 --slices 12 --seed $((RANDOM * 1000 + 999)) >"$inputs/poison.json"
poison_uid=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["studyInstanceUid"])' "$inputs/poison.json")
if [[ $poison_at == end ]]; then poison_file=$inputs/poison/IMG0012.dcm; else poison_file=$inputs/poison/IMG0006.dcm; fi
# The real JPEG-lossless pixel data and pixel module stay; everything else (UIDs, patient, position, spacing) is the
# slice's it replaces; then BitsAllocated 32, which GDCM's JPEG codec asserts on.
/usr/bin/python3 scripts/soak/poison-slice.py "$poison_source" "$poison_file"   # the cwd is the repository root
say "storing them in Orthanc"
for folder in "$inputs"/study* "$inputs/poison"; do
  [[ -d $folder ]] || continue
  for file in "$folder"/*.dcm; do
    curl -sSf -u "$Pacs__Username:$Pacs__Password" -H 'Content-Type: application/dicom' --data-binary "@$file" \
      "$orthanc/instances" >/dev/null
  done
done
# The poison goes in the middle of the batch: studies after it must still be done.
half=$(((studies_wanted + 1) / 2))
all=("${uids[@]:0:half}" "$poison_uid" "${uids[@]:half}")
printf '%s\n' "${all[@]}" >"$chaos/studies.txt"
expected=${#all[@]}

say "starting the worker (log $logs/worker.log)"
start_worker
say "queueing $expected studies (tinyunet enqueue --list)"
cli enqueue --list "$chaos/studies.txt" --dicomweb "$Pacs__DicomWebBaseUrl" >"$logs/enqueue.json" 2>"$logs/enqueue.err" \
  || { cat "$logs/enqueue.err" >&2; exit 1; }

outcomes() { # number of queued studies with a succeeded or failed run
  local n=0 uid
  local rows; rows=$(sql "SELECT DISTINCT study_instance_uid FROM runs")
  for uid in "${all[@]}"; do grep -qxF "$uid" <<<"$rows" && n=$((n + 1)); done
  echo "$n"
}
# Waits until at least $1 studies have an outcome (so the events spread over the batch) and a run is in flight that
# was not at the last event (its run folder holds retrieved files), at most 180 s; answers 1 when the batch ran dry
# first, so the event happens between studies.
seen_folders=""
wait_mid_study() {
  local start=$SECONDS folder
  while ((SECONDS - start < 180)); do
    check_worker
    (($(outcomes) >= ${1:-0})) || { sleep 0.5; continue; }
    for folder in $(work_folders); do
      if ! grep -qxF "$folder" <<<"$seen_folders" && [[ -n $(find "$work/$folder" -name '*.dcm' -print -quit 2>/dev/null) ]]; then
        seen_folders+="$folder"$'\n'
        sleep 0.5 # into decoding and inference
        return 0
      fi
    done
    (($(outcomes) >= expected)) && return 1
    sleep 0.2
  done
  return 1
}
events=()
event() { events+=("$(printf '%4ds  %s' $((SECONDS - t0)) "$1")"); say "$1"; }
outage_of() { # component, outcomes to wait for
  local component=$1 when=idle
  wait_mid_study "$2" && when="mid-study"
  event "stopping $component ($when; $(outcomes)/$expected studies had an outcome)"
  local s=$SECONDS
  bash deploy/local-stack/stop.sh "$component" 2>>"$logs/stack-events.log"
  event "$component stopped (the stop took $((SECONDS - s))s)"
  sleep "$outage"
  s=$SECONDS
  # start.sh prints the settings (passwords included): not into the logs.
  bash deploy/local-stack/start.sh "$component" >/dev/null 2>>"$logs/stack-events.log"
  event "$component started again after ${outage}s down (the start took $((SECONDS - s))s)"
}

# --- the chaos ---
orphan="" orphan_removed=no
if wait_mid_study; then
  orphan=$(work_folders | tail -n 1)
  event "SIGKILL to the worker mid-study (run folder $orphan; $(outcomes)/$expected studies had an outcome)"
  kill -9 "$worker_pid"
  wait "$worker_pid" 2>/dev/null || true
  worker_pid="" worker_kills=$((worker_kills + 1))
  [[ -d $work/$orphan ]] || orphan_removed="n/a (gone before the restart)"
  start_worker
  for _ in $(seq 120); do [[ -d $work/$orphan ]] || break; sleep 0.5; done
  [[ $orphan_removed == no && ! -d $work/$orphan ]] && orphan_removed=yes
  event "worker restarted; the killed run's folder removed: $orphan_removed"
else
  event "no study in flight within 180 s: SIGKILL skipped"
fi
# One more study done before each outage (never all of them): the chaos spreads over the batch.
outage_of rabbitmq $((expected > 1 ? 1 : 0))
outage_of postgres $((expected > 2 ? 2 : expected - 1))
outage_of orthanc $((expected > 3 ? 3 : expected - 1))

# --- waiting for every outcome, and for the queues to drain ---
say "waiting for every study's outcome and empty work queues (at most ${timeout_seconds}s)"
wait_start=$SECONDS last_line=-10
while true; do
  check_worker
  done_now=$(outcomes)
  q=$(queues)
  pending=$(awk '$1 == "segment-study" || $1 ~ /^segment-study_retry-/ { n += $2 + $3 } END { print n + 0 }' <<<"$q")
  if ((done_now >= expected && pending == 0)) && [[ -n $q ]]; then break; fi
  if ((SECONDS - wait_start > timeout_seconds)); then say "!! gave up waiting after ${timeout_seconds}s"; break; fi
  if ((SECONDS - last_line >= 10)); then
    say "$done_now/$expected studies have an outcome; $pending message(s) in segment-study and its retry queues"
    last_line=$SECONDS
  fi
  sleep 2
done
sleep 3 # a last ack or folder removal in flight

# --- figures ---
failures=()
expect() { # description, actual, wanted
  [[ $2 == "$3" ]] || failures+=("$1: $2, expected $3")
}
runs=$(sql "SELECT study_instance_uid, count(*) FILTER (WHERE status = 'succeeded'), count(*) FILTER (WHERE status = 'failed'),
  coalesce(string_agg(error, ' / ') FILTER (WHERE status = 'failed'), '') FROM runs GROUP BY 1")
q=$(queues)
qcount() { awk -v n="$1" '$1 == n { print $2 + $3; f = 1 } END { if (!f) print 0 }' <<<"$q"; }
retry_left=$(awk '$1 ~ /^segment-study_retry-/ { n += $2 + $3 } END { print n + 0 }' <<<"$q")
errors_left=$(qcount segment-study_error)
main_left=$(qcount segment-study)
leftover=$(work_folders | grep -c . || true)
stray=$(find "$output" -name '*.tmp' | grep -c . || true)
done_ok=0 done_any=0
table=""
for uid in "${all[@]}"; do
  kind=study; [[ $uid == "$poison_uid" ]] && kind=poison
  row=$(awk -F'\t' -v u="$uid" '$1 == u' <<<"$runs")
  ok=$(cut -f2 <<<"$row"); failed=$(cut -f3 <<<"$row"); why=$(cut -f4 <<<"$row")
  ok=${ok:-0} failed=${failed:-0}
  segs=$(orthanc_find Instance "$uid")
  ((ok + failed > 0)) && done_any=$((done_any + 1))
  ((ok > 0)) && done_ok=$((done_ok + 1))
  outcome=none
  ((failed > 0)) && outcome="failed: $why"
  ((ok > 0)) && outcome=succeeded
  table+=$(printf '\n  %-6s %-46s %9s %11s %5s  %s' "$kind" "$uid" "$ok" "$failed" "$segs" "$outcome")
  if [[ $kind == poison && $poison_at == middle ]]; then
    expect "poison study: failed runs" "$failed" 1; expect "poison study: succeeded runs" "$ok" 0
    expect "poison study: SEGs in Orthanc" "$segs" 0
  else
    expect "$kind $uid: succeeded runs" "$ok" 1; expect "$kind $uid: failed runs" "$failed" 0
    expect "$kind $uid: SEGs in Orthanc" "$segs" 1
  fi
done
refused=$(grep -o 'slice [^ ]* left out, it could not be decoded (.*); the rest of the series was segmented' "$logs/worker.log" \
  | sed 's/; the rest of the series was segmented$//' | head -n 1 || true)
if [[ $poison_at == end ]]; then expected_errors=0; else expected_errors=1; fi
expect "studies done" "$done_any" "$expected"
expect "leftover work folders" "$leftover" 0
expect "temp files in the output store" "$stray" 0
expect "segment-study_error entries" "$errors_left" "$expected_errors"
expect "messages left in segment-study" "$main_left" 0
expect "messages left in retry queues" "$retry_left" 0
expect "worker exits not caused by this script" "$unexpected_exits" 0
[[ -z $orphan || $orphan_removed == yes ]] || failures+=("the SIGKILLed run's folder was not removed at restart")
[[ $poison_at == middle || -n $refused ]] || failures+=("no 'slice … left out' line for the poison slice in the worker log")

cat <<BLOCK

================ chaos batch: figures ================
studies done / expected:      $done_any / $expected   ($studies_wanted synthetic 256×256×$slices + 1 poison, poison slice at the $poison_at; $done_ok succeeded)
per study:                    runs ok = succeeded run rows (PostgreSQL), SEGs = SEG instances in Orthanc
  kind   StudyInstanceUID                                 runs ok runs failed  SEGs  outcome$table
poison slice:                 ${refused:-(no refusal logged)}
leftover work folders:        $leftover   (under Storage:WorkRoot; the SIGKILLed run's folder removed at restart: ${orphan_removed})
temp files in output store:   $stray
error-queue entries:          $errors_left   (segment-study_error; expected $expected_errors)
left in segment-study:        $main_left   (retry queues: $retry_left)
worker:                       $worker_starts starts, $worker_kills SIGKILL by this script, $unexpected_exits exits on its own
events:
$(printf '%s\n' "${events[@]}")
run time:                     $((SECONDS - t0)) s
BLOCK
if ((${#failures[@]} == 0)); then
  echo "result:                       PASS, every expectation holds"
  echo "======================================================"
else
  echo "result:                       FAIL"
  printf '  - %s\n' "${failures[@]}"
  echo "======================================================"
  exit 1
fi
