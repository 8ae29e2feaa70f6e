#!/usr/bin/env bash
# Builds the repository's Dockerfile with real Docker (CPU torch backend) and runs the image as an operator would:
#  1. docker build; prints the image's size and the build time. Where mcr.microsoft.com cannot be reached, the SDK and
#     runtime base images are local stand-ins (base-images.sh: Debian 12 from debootstrap + this machine's .NET).
#  2. the image's user (non-root, numeric) and HEALTHCHECK (entrypoint.sh healthcheck → /health/live).
#  3. a private local stack (deploy/local-stack: RabbitMQ, PostgreSQL, Orthanc on free ports, state in the run folder);
#     the migration job, the worker, the PACS bridge and the report API each in a container on the host network
#     (--network host: with a daemon started by dockerd.sh there is no bridge, so no address but 127.0.0.1 is used).
#  4. the bundled sample study (samples/radiopaedia-85902, made a DICOM series by the image's own `sample-ct`) is
#     stored in Orthanc; the bridge enqueues it; once the worker container is mid-study it gets `docker stop`
#     (SIGTERM): it must exit 0 in time, leave no work folder, temp file, SEG or succeeded run behind, and the
#     message must be back in segment-study. The same container is started again and must segment the study:
#     one SEG in Orthanc, one succeeded run with volumes in PostgreSQL, the report and montage from the report API,
#     every long-running container healthy by its HEALTHCHECK, nothing in segment-study_error.
# Prints one block of figures; exit 0 only when every expectation holds (1 otherwise, 2 for usage errors). The
# containers and the stack are always removed; the run folder keeps the logs. A daemon it had to start is stopped
# again (images stay for the next run). Needs root (PostgreSQL runs under runuser, dockerd) and the Debian packages
# of scripts/prerequisites.sh plus docker.io and debootstrap. About 25–40 min on 2 busy cores the first time (the
# build), 10–15 min later on (the image is reused from the build cache).
# Environment: TINYUNET_IMAGE (tinyunet:cpu-dev), TORCH_BACKEND (cpu), SDK_IMAGE / RUNTIME_IMAGE (official images
# when they can be pulled, else the stand-ins), BUILD_AND_RUN_DIR (a new /tmp/tinyunet-docker.XXXXXX),
# BUILD_AND_RUN_TIMEOUT_SECONDS (1800, the wait for the study), DOCKER (the client), DOCKER_HOST.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo"
case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 (settings from the environment; see --help)" >&2; exit 2 ;;
esac
[[ $(id -u) -eq 0 ]] || { echo "error: run as root (PostgreSQL under runuser; dockerd)" >&2; exit 2; }
image=${TINYUNET_IMAGE:-tinyunet:cpu-dev}
backend=${TORCH_BACKEND:-cpu}
timeout_seconds=${BUILD_AND_RUN_TIMEOUT_SECONDS:-1800}
run_dir=${BUILD_AND_RUN_DIR:-$(mktemp -d /tmp/tinyunet-docker.XXXXXX)}
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
chmod 755 "$run_dir" # PostgreSQL (user postgres) and the containers' user 1654 reach folders inside
logs=$run_dir/logs
mkdir -p "$logs"
t0=$SECONDS
say() { printf '%4ds  %s\n' $((SECONDS - t0)) "$*"; }
failures=()
expect() { [[ $2 == "$3" ]] || failures+=("$1: $2, expected $3"); } # description, actual, wanted

docker=$(pick_docker)
export DOCKER_BUILDKIT=1
started_daemon=false
tag=tinyunet-e2e-$$
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local ids
  ids=$("$docker" ps -aq --filter "label=tinyunet.run=$tag" 2>/dev/null || true)
  if [[ -n $ids ]]; then
    for id in $ids; do "$docker" logs "$id" >"$logs/$("$docker" inspect -f '{{.Name}}' "$id" | tr -d /).log" 2>&1 || true; done
    "$docker" rm -f $ids >/dev/null 2>&1 || true
  fi
  if [[ -n ${STACK_DIR:-} && -d ${STACK_DIR:-/nonexistent} ]]; then
    for f in "$STACK_DIR"/orthanc/orthanc.log "$STACK_DIR"/postgres/postgres.log; do [[ -f $f ]] && cp "$f" "$logs/"; done
    bash deploy/local-stack/stop.sh --purge >/dev/null 2>&1 || echo "warning: stopping the stack failed; see $STACK_DIR" >&2
  fi
  # The work and output folders belong to the containers' user; the logs stay.
  rm -rf "$run_dir/work" "$run_dir/output" "$run_dir/studies"
  $started_daemon && bash "$docker_dir/dockerd.sh" stop || true
  echo "Logs: $logs"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. daemon, base images, build ---
if ! docker_answers "$docker" && DOCKER_HOST=unix://$TINYUNET_DOCKERD_SOCKET docker_answers "$docker"; then
  export DOCKER_HOST=unix://$TINYUNET_DOCKERD_SOCKET # dockerd.sh's daemon, started before: used and left running
elif ! docker_answers "$docker"; then
  say "no Docker daemon answers: starting a private one (deploy/docker/dockerd.sh: --bridge=none, niced)"
  DOCKER_HOST=$(bash "$docker_dir/dockerd.sh" start)
  export DOCKER_HOST
  started_daemon=true
fi
sdk_image=${SDK_IMAGE:-mcr.microsoft.com/dotnet/sdk:10.0-noble}
runtime_image=${RUNTIME_IMAGE:-mcr.microsoft.com/dotnet/aspnet:10.0-noble}
if [[ -z ${SDK_IMAGE:-} || -z ${RUNTIME_IMAGE:-} ]] \
  && ! { timeout 120 "$docker" pull -q "$sdk_image" && timeout 120 "$docker" pull -q "$runtime_image"; } >/dev/null 2>&1; then
  say "the official .NET images cannot be pulled: using local stand-ins (deploy/docker/base-images.sh)"
  eval "$(bash "$docker_dir/base-images.sh")"
  sdk_image=$SDK_IMAGE runtime_image=$RUNTIME_IMAGE
fi
say "docker build -t $image (TORCH_BACKEND=$backend, SDK $sdk_image, runtime $runtime_image; log $logs/build.log)"
build_start=$SECONDS
# --network host: the build stage's apt-get and NuGet restore need the network, and a daemon without a bridge has
# no other. nice: builds yield the CPU to anything else on the machine.
nice -n 19 "$docker" build --network host --progress plain \
  --build-arg SDK_IMAGE="$sdk_image" --build-arg RUNTIME_IMAGE="$runtime_image" --build-arg TORCH_BACKEND="$backend" \
  --build-arg VERSION="0.0.0-e2e" --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
  --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -t "$image" . >"$logs/build.log" 2>&1 \
  || { tail -n 40 "$logs/build.log" >&2; say "docker build failed"; exit 1; }
build_seconds=$((SECONDS - build_start))
# Earlier builds of the tag stay behind untagged (about 1.2 GB each): remove those, never anything else.
"$docker" image prune -f --filter "label=org.opencontainers.image.title=tinyunet" >/dev/null 2>&1 || true
image_bytes=$("$docker" image inspect -f '{{.Size}}' "$image")
image_mb=$((image_bytes / 1000000))
say "built in ${build_seconds}s; image $image_mb MB"

# --- 2. what the image promises: a numeric non-root user, a HEALTHCHECK on the real health endpoints ---
user=$("$docker" image inspect -f '{{.Config.User}}' "$image")
healthcheck=$("$docker" image inspect -f '{{json .Config.Healthcheck.Test}}' "$image")
[[ $user =~ ^[1-9][0-9]*$ ]] || failures+=("image user '$user' is not a numeric non-root user")
[[ $healthcheck == *entrypoint.sh*healthcheck* ]] || failures+=("image HEALTHCHECK is $healthcheck")
in_image() { "$docker" run --rm --network none --entrypoint "$1" "$image" "${@:2}"; }
base_label=$("$docker" image inspect -f '{{index .Config.Labels "org.opencontainers.image.base.name"}}' "$image")
expect "the image's base-image label" "$base_label" "$runtime_image"
uid_seen=$(in_image id -u)
expect "uid inside the container" "$uid_seen" "$user"
in_image bash -c 'touch /data/output/.w && rm /data/output/.w' >/dev/null 2>&1 || failures+=("/data/output is not writable by the image's user")

# --- 3. the local stack, private (free ports, own state) ---
free_ports() {
  /usr/bin/python3 - "$1" <<'PY'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
PY
}
read -r RABBITMQ_PORT RABBITMQ_DIST_PORT EPMD_PORT POSTGRES_PORT ORTHANC_HTTP_PORT ORTHANC_DICOM_PORT \
  worker_port bridge_port api_port < <(free_ports 9)
export STACK_DIR=$run_dir/stack RABBITMQ_PORT RABBITMQ_DIST_PORT EPMD_PORT POSTGRES_PORT ORTHANC_HTTP_PORT ORTHANC_DICOM_PORT
say "starting a private stack in $STACK_DIR (RabbitMQ :$RABBITMQ_PORT, PostgreSQL :$POSTGRES_PORT, Orthanc :$ORTHANC_HTTP_PORT)"
bash deploy/local-stack/start.sh >/dev/null
set -a; source "$STACK_DIR/worker.env"; set +a
orthanc=${Pacs__DicomWebBaseUrl%/dicom-web}
source "$docker_dir/e2e-helpers.sh"

# Folders the containers write, owned by the image's user as a volume would be.
work=$run_dir/work output=$run_dir/output studies=$run_dir/studies
mkdir -p "$work" "$output" "$studies"
chown "$user:$user" "$work" "$output" "$studies"
stack_env=(-e RabbitMq__Host -e RabbitMq__Port -e RabbitMq__Username -e RabbitMq__Password
  -e Database__ConnectionString -e Pacs__DicomWebBaseUrl -e Pacs__Username -e Pacs__Password)
container() { # name, docker run options and arguments…
  local name=$1; shift
  "$docker" run --name "$tag-$name" --label "tinyunet.run=$tag" --network host "$@"
}

say "migration job (container $tag-migrate)"
container migrate "${stack_env[@]}" "$image" migrate >"$logs/migrate.log" 2>&1 \
  || { cat "$logs/migrate.log" >&2; failures+=("the migrate container failed"); exit 1; }
# The report API reads through its own login role, a member of the read-only role that migration 0002 made.
reader_password=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')
sql "CREATE ROLE tinyunet_api LOGIN PASSWORD '$reader_password' IN ROLE tinyunet_reader" >/dev/null
api_key=$(head -c 30 /dev/urandom | base64 | tr '+/' 'xy')

# The image's HEALTHCHECK runs every 60 s after a 60 s start period; here every 5 s, so that its verdict on each
# container is seen within the run (same command, only the timing differs).
health_timing=(--health-interval 5s --health-start-period 180s)
# The worker gets one CPU where the daemon can cap it: on a many-core machine the 207-slice study is done in seconds,
# before `docker stop` can land mid-study (a CI machine finished it within the stop's grace). Its stop timeout of
# 6 s gives a study 3 s (WorkerOptions.StudyStopGrace), so the stop abandons the study instead of waiting for it.
worker_cpus=()
[[ $("$docker" info --format '{{.CPUCfsQuota}}' 2>/dev/null) == true ]] && worker_cpus=(--cpus 1)
say "worker, PACS bridge and report API containers (host network; worker health :$worker_port)"
container worker -d "${health_timing[@]}" "${worker_cpus[@]}" --stop-timeout 60 "${stack_env[@]}" \
  -e Urls="http://127.0.0.1:$worker_port" -e Device__Name=cpu -e Storage__WorkRoot=/data/work \
  -e Worker__ShutdownTimeoutSeconds=6 -v "$work:/data/work" -v "$output:/data/output" "$image" worker >/dev/null
container bridge -d "${health_timing[@]}" "${stack_env[@]}" -e Urls="http://127.0.0.1:$bridge_port" \
  -e Pacs__RestBaseUrl="$orthanc" -e Bridge__PollIntervalSeconds=2 "$image" bridge >/dev/null
Database__ConnectionString="Host=127.0.0.1;Port=$POSTGRES_PORT;Database=${POSTGRES_DB:-tinyunet};Username=tinyunet_api;Password=$reader_password" \
  Auth__ApiKeys__0=$api_key container api -d "${health_timing[@]}" -e ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
  -e Database__ConnectionString -e Auth__Mode=Required -e Auth__ApiKeys__0 -e Pacs__DicomWebBaseUrl -e Pacs__Username \
  -e Pacs__Password -v "$output:/data/output:ro" "$image" api >/dev/null
for role in worker bridge api; do wait_healthy "$role" || exit 1; done

# --- 4. the sample study: PACS → bridge → worker (stopped mid-study, started again) → SEG + volumes → report API ---
seed=$(date +%s)
say "sample study: sample-ct in a container (207 slices, 512², new UIDs, seed $seed) → Orthanc"
container sample --rm -v "$repo/samples:/samples:ro" -v "$studies:/studies" "$image" \
  sample-ct --sample /samples/radiopaedia-85902 --out /studies/sample --seed "$seed" >"$studies.json" 2>"$logs/sample-ct.err" \
  || { cat "$logs/sample-ct.err" >&2; failures+=("sample-ct failed in the container"); exit 1; }
study=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["studyInstanceUid"])' "$studies.json")
for file in "$studies"/sample/*.dcm; do
  curl -sSf -u "$Pacs__Username:$Pacs__Password" -H 'Content-Type: application/dicom' --data-binary "@$file" \
    "$orthanc/instances" >/dev/null
done
say "stored study $study ($(find "$studies/sample" -name '*.dcm' | wc -l) instances); waiting for the worker to be mid-study"

# docker stop mid-study: SIGTERM to the worker (PID 1 in its container). With Worker__ShutdownTimeoutSeconds=6 it
# gives the study 3 s, then abandons it cleanly; on one CPU the 207-slice study takes about half a minute (26 s on a 2-core EPYC).
stop_seconds="-" stop_exit="-" stop_oom="-"
if wait_mid_study; then
  sleep 2 # into decoding and inference
  say "docker stop (SIGTERM) of the worker mid-study"
  s=$SECONDS
  "$docker" stop -t 60 "$tag-worker" >/dev/null
  stop_seconds=$((SECONDS - s))
  stop_exit=$("$docker" inspect -f '{{.State.ExitCode}}' "$tag-worker")
  stop_oom=$("$docker" inspect -f '{{.State.OOMKilled}}' "$tag-worker")
  "$docker" logs "$tag-worker" >"$logs/worker-before-stop.log" 2>&1 || true
  after_stop_work=$(work_entries) after_stop_temp=$(temp_files) after_stop_segs=$(orthanc_segs "$study")
  after_stop_runs=$(sql "SELECT count(*) FROM runs r JOIN series s USING (series_instance_uid)
    WHERE s.study_instance_uid = '$study' AND r.status = 'succeeded'" 2>/dev/null || echo "?")
  after_stop_queued=$(queue_count segment-study)
  say "stopped in ${stop_seconds}s, exit code $stop_exit; left behind: $after_stop_work work entries, $after_stop_temp temp files, $after_stop_segs SEGs, $after_stop_runs succeeded runs; $after_stop_queued message(s) back in segment-study"
  expect "worker exit code after docker stop" "$stop_exit" 0
  expect "worker OOM-killed" "$stop_oom" false
  ((stop_seconds < 60)) || failures+=("docker stop took ${stop_seconds}s: the stop timeout (60 s) ran out, SIGKILL")
  expect "work folder entries after the stop" "$after_stop_work" 0
  expect "temp files in the output store after the stop" "$after_stop_temp" 0
  expect "SEGs in Orthanc after the stop" "$after_stop_segs" 0
  expect "succeeded runs after the stop" "$after_stop_runs" 0
  expect "messages back in segment-study after the stop (redelivery)" "$after_stop_queued" 1
  [[ $after_stop_runs == 1 ]] && failures+=("the study was finished before the stop landed: the stop was not mid-study (a faster CPU than this script allows for?)")
  say "docker start of the same worker container"
  "$docker" start "$tag-worker" >/dev/null
  wait_healthy worker || exit 1
else
  failures+=("the worker never started on the study within ${timeout_seconds}s (docker stop not tried)")
fi

say "waiting for the study's report from the report API (at most ${timeout_seconds}s)"
wait_start=$SECONDS status=""
while ((SECONDS - wait_start < timeout_seconds)); do
  if [[ $(api_get "/api/studies/$study/status" "$run_dir/status.json") == 200 ]]; then
    status=$(json_field "$run_dir/status.json" 'j["status"]')
    [[ $status == succeeded || $status == failed ]] && break
  fi
  [[ $("$docker" inspect -f '{{.State.Running}}' "$tag-worker") == true ]] || { failures+=("the worker container exited"); break; }
  sleep 5
done
segment_seconds=$((SECONDS - wait_start))
say "the study's latest run: ${status:-none} after ${segment_seconds}s"
sleep 3 # a last ack or folder removal in flight

# --- figures ---
expect "the study's latest run" "$status" succeeded
report_http=$(api_get "/api/studies/$study" "$run_dir/report.json")
montage_http=$(api_get "/api/studies/$study/montage.png" "$run_dir/montage.png")
# The image's OHIF build under /viewer/, and the API's DICOMweb proxy finding the study in the PACS.
viewer_http=$(api_get "/viewer/" "$run_dir/viewer.html")
viewer_page=$(grep -q '/viewer/app-config.js' "$run_dir/viewer.html" 2>/dev/null && echo "OHIF page" || echo "not the viewer")
qido_http=$(api_get "/dicom-web/studies?StudyInstanceUID=$study" "$run_dir/qido.json")
qido_found=$(grep -q "$study" "$run_dir/qido.json" 2>/dev/null && echo found || echo missing)
montage_type=$(/usr/bin/python3 -c 'import sys; print("image/png" if open(sys.argv[1], "rb").read(8) == b"\x89PNG\r\n\x1a\n" else "not a PNG")' "$run_dir/montage.png" 2>/dev/null || echo "?")
volumes=$(json_field "$run_dir/report.json" '"lung %.1f mL, GGO %.1f mL, consolidation %.1f mL" % (j["latest"]["lungMl"], j["latest"]["ggoMl"], j["latest"]["consolidationMl"])')
runs_ok=$(sql "SELECT count(*) FROM runs r JOIN series s USING (series_instance_uid) WHERE s.study_instance_uid = '$study' AND r.status = 'succeeded'" || echo "?")
runs_failed=$(sql "SELECT count(*) FROM runs r JOIN series s USING (series_instance_uid) WHERE s.study_instance_uid = '$study' AND r.status = 'failed'" || echo "?")
volume_rows=$(sql "SELECT count(*) FROM volumetrics v JOIN runs r USING (run_id) JOIN series s USING (series_instance_uid)
  WHERE s.study_instance_uid = '$study' AND r.status = 'succeeded' AND v.volume_ml > 0" || echo "?")
segs=$(orthanc_segs "$study")
"$docker" logs "$tag-worker" >"$logs/worker-after-start.log" 2>&1 || true
left_out=$(grep -c 'left out, it could not be decoded' "$logs/worker-after-start.log" || true)
# The image's MALLOC_ARENA_MAX=1 reaches the worker (else it warns that CPU inference runs ~1.5× slower).
arena_warnings=$(cat "$logs"/worker-*.log 2>/dev/null | grep -c 'without MALLOC_ARENA_MAX=1' || true)
# The image's libjemalloc2 is preloaded by the worker itself (AllocatorRestart): about half the memory of glibc's.
allocator=$(grep -o 'CPU memory allocator: [a-z]*' "$logs/worker-after-start.log" | head -1 | awk '{print $4}')
health_worker=$(health_of worker) health_bridge=$(health_of bridge) health_api=$(health_of api)
errors_left=$(queue_count segment-study_error) main_left=$(queue_count segment-study)
work_left=$(work_entries) temp_left=$(temp_files)
fonts=$(in_image bash -c 'ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 && echo present || echo missing')
zoneinfo=$(in_image bash -c '[ -f /usr/share/zoneinfo/Europe/Berlin ] && echo present || echo missing')
expect "report API GET /api/studies/{uid}" "$report_http" 200
expect "report API GET montage.png" "$montage_http/$montage_type" "200/image/png"
expect "report API GET /viewer/" "$viewer_http/$viewer_page" "200/OHIF page"
expect "report API DICOMweb proxy finds the study" "$qido_http/$qido_found" "200/found"
expect "succeeded runs in PostgreSQL" "$runs_ok" 1
expect "failed runs in PostgreSQL" "$runs_failed" 0
((${volume_rows:-0} > 0)) 2>/dev/null || failures+=("volumetrics rows with a volume in PostgreSQL: $volume_rows")
expect "SEG instances in Orthanc" "$segs" 1
expect "slices the decoder child left out" "$left_out" 0
expect "worker warnings about MALLOC_ARENA_MAX" "$arena_warnings" 0
expect "worker's CPU memory allocator" "$allocator" jemalloc
expect "worker health" "$health_worker" healthy
expect "bridge health" "$health_bridge" healthy
expect "report API health" "$health_api" healthy
expect "segment-study_error entries" "$errors_left" 0
expect "messages left in segment-study" "$main_left" 0
expect "work folder entries at the end" "$work_left" 0
expect "temp files in the output store" "$temp_left" 0
expect "fonts for the montage (DejaVu Sans)" "$fonts" present
expect "time zone database" "$zoneinfo" present
# The other long-running containers stop cleanly too.
clean_stops=""
for role in bridge api worker; do
  s=$SECONDS
  "$docker" stop -t 60 "$tag-$role" >/dev/null
  code=$("$docker" inspect -f '{{.State.ExitCode}}' "$tag-$role")
  clean_stops+="$role $code ($((SECONDS - s))s)  "
  expect "$role exit code on docker stop" "$code" 0
done

cat <<BLOCK

================ TinyUNet image, built and run by Docker ================
image:                  $image, $image_mb MB ($image_bytes bytes), TORCH_BACKEND=$backend
base images:            $sdk_image / $runtime_image
docker build:           ${build_seconds}s (log $logs/build.log)
user / HEALTHCHECK:     $user (id -u in the container: $uid_seen) / $healthcheck
containers:             migrate, worker (${worker_cpus[*]:-no CPU cap: the daemon has no CFS quota}), bridge, api on --network host (private stack on 127.0.0.1)
study:                  $study (sample-ct, $(find "$studies/sample" -name '*.dcm' 2>/dev/null | wc -l) slices)
docker stop mid-study:  ${stop_seconds}s, exit code $stop_exit, OOM-killed $stop_oom; then ${after_stop_work:-?} work entries, ${after_stop_temp:-?} temp files, ${after_stop_segs:-?} SEGs, ${after_stop_runs:-?} succeeded runs, ${after_stop_queued:-?} message(s) back in segment-study
after docker start:     latest run $status after ${segment_seconds}s; $runs_ok succeeded / $runs_failed failed runs, $volume_rows volumetrics rows, $segs SEG in Orthanc
report API:             GET study $report_http ($volumes), montage $montage_http $montage_type, viewer $viewer_http, DICOMweb proxy $qido_http
health (HEALTHCHECK):   worker $health_worker, bridge $health_bridge, api $health_api
queues / leftovers:     segment-study $main_left, segment-study_error $errors_left; work entries $work_left, temp files $temp_left
image contents:         DejaVu Sans $fonts, zoneinfo $zoneinfo; base label $base_label
worker:                 slices left out by the decoder child $left_out, MALLOC_ARENA_MAX warnings $arena_warnings, allocator $allocator
clean stops (exit, s):  $clean_stops
run time:               $((SECONDS - t0)) s
BLOCK
if ((${#failures[@]} == 0)); then
  echo "result:                 PASS, every expectation holds"
else
  echo "result:                 FAIL"
  printf '  - %s\n' "${failures[@]}"
  exit 1
fi
