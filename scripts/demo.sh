#!/usr/bin/env bash
# The main job end to end on bundled data, from a fresh Debian 12 machine (as root): installs what is missing, starts
# the local stack (RabbitMQ, PostgreSQL, Orthanc on 127.0.0.1, no systemd), applies the migrations, starts the worker
# and the PACS bridge, stores a sample chest CT in Orthanc, lets the bridge enqueue it and the worker segment it, then
# prints the report, a reference's volumes beside the model's, the path of the PNG montage, and the links of the report
# page and of the OHIF viewer on the study (the report API is left running on 127.0.0.1 for them).
# The sample is a real COVID-19 CT (samples/radiopaedia-85902, 207 slices, CC BY-NC-SA 3.0) turned into DICOM by
# `tinyunet sample-ct`; its reference is another model's prediction, not ground truth. `--phantom` stores the
# synthetic phantom instead (not a patient; its truth is exact).
# Run it again: the stack is reused, another study (new UIDs) goes through the same path, earlier results stay.
# Environment: DEMO_DIR (default /tmp/tinyunet-demo), STACK_DIR and the ports of deploy/local-stack/stack.env,
# WORKER_HEALTH_PORT (8082), BRIDGE_HEALTH_PORT (8081), REPORT_API_PORT (8080), DEMO_TIMEOUT_SECONDS (600).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
demo=${DEMO_DIR:-/tmp/tinyunet-demo}
export STACK_DIR=${STACK_DIR:-$repo/.stack}
timeout_seconds=${DEMO_TIMEOUT_SECONDS:-600}
sample=real
case "${1:-}" in
  "") ;;
  --phantom) sample=phantom ;;
  *) echo "usage: $0 [--phantom]" >&2; exit 2 ;;
esac

bash scripts/prerequisites.sh
echo "== Building the CLI, the worker, the PACS bridge and the report API (Release)"
for project in TinyUNet.Cli TinyUNet.Worker TinyUNet.PacsBridge TinyUNet.ReportApi; do
  dotnet build "src/$project" -c Release -v q -nologo >"${TMPDIR:-/tmp}/tinyunet-demo-build.log" 2>&1 \
    || { cat "${TMPDIR:-/tmp}/tinyunet-demo-build.log" >&2; exit 1; }
done
bin() { echo "$repo/src/$1/bin/Release/net10.0/linux-x64/${2:-$1}"; }
cli() { "$(bin TinyUNet.Cli tinyunet)" "$@"; }

echo "== Local stack (state in $STACK_DIR)"
bash deploy/local-stack/start.sh >/dev/null
set -a; source "$STACK_DIR/worker.env"; set +a
cli migrate

mkdir -p "$demo/logs" "$demo/output" "$demo/studies"
pids=()
stop_services() {
  # SIGTERM: the hosts finish or abandon the current study cleanly (the message is then redelivered next time).
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_services EXIT

echo "== Starting the worker and the PACS bridge (logs in $demo/logs)"
# One malloc arena: CPU inference on the worker's threads ~1.5× faster (src/TinyUNet.Model/CpuAllocatorTuning.cs).
export MALLOC_ARENA_MAX=1
Model__BundlePath=$repo/models/tinyunet-covid Storage__OutputRoot=$demo/output Storage__WorkRoot=$demo/work \
  Urls=http://127.0.0.1:${WORKER_HEALTH_PORT:-8082} "$(bin TinyUNet.Worker)" >"$demo/logs/worker.log" 2>&1 &
pids+=($!)
Urls=http://127.0.0.1:${BRIDGE_HEALTH_PORT:-8081} "$(bin TinyUNet.PacsBridge)" >"$demo/logs/bridge.log" 2>&1 &
pids+=($!)

seed=$(date +%s)
study_dir=$demo/studies/$seed
if [[ $sample == phantom ]]; then
  echo "== Sample CT: synthetic chest phantom (seed $seed, 256×256×24) → Orthanc"
  cli synthetic-ct --out "$study_dir" --rows 256 --columns 256 --slices 24 --seed "$seed" > "$study_dir.json"
else
  echo "== Sample CT: real COVID-19 chest CT, Radiopaedia case 85902 (207 slices, 512×512; new UIDs, seed $seed) → Orthanc"
  cli sample-ct --out "$study_dir" --seed "$seed" > "$study_dir.json"
fi
study=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["studyInstanceUid"])' "$study_dir.json")
orthanc=${Pacs__DicomWebBaseUrl%/dicom-web}
for file in "$study_dir"/*.dcm; do
  curl -sSf -u "$Pacs__Username:$Pacs__Password" -H 'Content-Type: application/dicom' --data-binary "@$file" \
    "$orthanc/instances" >/dev/null
done
echo "   stored study $study"

echo "== Waiting for the bridge to enqueue it and the worker to segment it (up to ${timeout_seconds}s)"
start=$SECONDS
until cli report --study "$study" --format json >"$demo/report.json" 2>"$demo/logs/report.err"; do
  if grep -q 'latest run failed' "$demo/logs/report.err"; then
    echo "error: the worker could not segment the study:" >&2
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["latestRun"]; print(" ", r.get("error"))' "$demo/report.json" >&2
    exit 1
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "error: a service stopped; see $demo/logs" >&2; tail -n 20 "$demo"/logs/*.log >&2; exit 1; }
  done
  if (( SECONDS - start > timeout_seconds )); then
    echo "error: no result after ${timeout_seconds}s; see $demo/logs" >&2; tail -n 20 "$demo"/logs/*.log >&2; exit 1
  fi
  printf '   %3ds ...\r' $((SECONDS - start))
  sleep 2
done
echo "   segmented after $((SECONDS - start))s"

echo "== Report"
cli report --study "$study" --format table
if [[ $sample == phantom ]]; then
  echo "== Model vs the phantom's ground truth (mL)"
else
  echo "== Model vs the sample's reference (mL): the reference is Semi-Inf-Net's prediction (Inf-Net, IEEE TMI 2020),"
  echo "   GGO and consolidation together and no lung label: a second opinion, not ground truth"
fi
python3 - "$study_dir.json" "$demo/report.json" <<'PY'
import json, sys
sample = json.load(open(sys.argv[1]))
latest = json.load(open(sys.argv[2]))["latest"]
model = [latest["lungMl"], latest["ggoMl"], latest["consolidationMl"], latest["ggoMl"] + latest["consolidationMl"]]
if "groundTruth" in sample:
    counts = sample["groundTruth"]["byClass"]
    ml = sample["voxelVolumeMm3"] / 1000
    truth, label = [sum(counts[1:]) * ml, counts[2] * ml, counts[3] * ml, (counts[2] + counts[3]) * ml], "truth"
else:
    truth, label = [None, None, None, sample["reference"]["lesionMl"]], "reference"
print(f"{'':24}{label:>10}{'model':>10}")
for name, t, m in zip(["lung (whole)", "GGO", "consolidation", "GGO + consolidation"], truth, model):
    print(f"{name:24}{'-' if t is None else f'{t:.1f}':>10}{m:10.1f}")
PY
montage=$(find "$demo/output/$study" -name '*.montage.png' | head -1)
echo "== Montage: $montage"

# The report API with the OHIF viewer, left running (like the stack) so the link below keeps working after the demo.
# Auth__Mode=None on 127.0.0.1 only: a demo on one machine; every real deployment signs users in (README, "Access").
api_port=${REPORT_API_PORT:-8080}
api_pid_file=$demo/report-api.pid
# The previous run's API, by its recorded PID, and only if that PID is still a report API.
if [[ -f $api_pid_file ]] && grep -qs TinyUNet.ReportApi "/proc/$(cat "$api_pid_file")/cmdline"; then kill "$(cat "$api_pid_file")"; sleep 1; fi
Storage__OutputRoot=$demo/output Auth__Mode=None ASPNETCORE_URLS=http://127.0.0.1:$api_port \
  Viewer__DistPath=$repo/deploy/viewer/node_modules/@ohif/app/dist \
  nohup "$(bin TinyUNet.ReportApi)" >"$demo/logs/report-api.log" 2>&1 &
echo $! >"$api_pid_file"
until curl -sf "http://127.0.0.1:$api_port/health/live" >/dev/null; do
  kill -0 "$(cat "$api_pid_file")" 2>/dev/null || { echo "error: the report API stopped; see $demo/logs/report-api.log" >&2; exit 1; }
  sleep 0.5
done
echo "== Report page: http://127.0.0.1:$api_port/"
echo "== Viewer (OHIF, the CT with its SEG): http://127.0.0.1:$api_port/viewer/viewer?StudyInstanceUIDs=$study"
echo "Worker output: $demo/output/$study; the stack and the report API keep running"
echo "(kill \$(cat $api_pid_file); bash deploy/local-stack/stop.sh to stop them)."
