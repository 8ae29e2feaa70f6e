#!/usr/bin/env bash
# The main job end to end on bundled data, from a fresh Debian 12 machine: installs prerequisites, builds the CLI,
# writes a synthetic chest CT series (a phantom, not a patient), segments it with the bundled model and prints the
# volumetrics. Outputs go to ${DEMO_DIR:-/tmp/tinyunet-demo}; running it again starts that folder afresh.
set -euo pipefail
cd "$(dirname "$0")/.."

demo=${DEMO_DIR:-/tmp/tinyunet-demo}
bash scripts/prerequisites.sh
dotnet build src/TinyUNet.Cli -c Release -v q -nologo
cli=(dotnet run --project src/TinyUNet.Cli -c Release --no-build --)

rm -rf "$demo"
echo "== Synthetic chest CT (phantom with ground-truth lesion volumes) → $demo/ct"
"${cli[@]}" synthetic-ct --out "$demo/ct" --rows 256 --columns 256 --slices 24 > "$demo.truth.json"
"${cli[@]}" inspect --no-hu "$demo/ct" | grep -E '"(seriesInstanceUid|sliceCount|orientation|selectionReason)"'
echo "== Segmenting with the bundled model (models/tinyunet-covid)"
"${cli[@]}" segment --series "$demo/ct" --out "$demo/out"
mv "$demo.truth.json" "$demo/ground-truth.json"
echo "== Outputs"
ls -l "$demo/out"
echo "== Model vs the phantom's ground truth (mL)"
/usr/bin/python3 - "$demo" <<'PY'
import glob, json, sys
demo = sys.argv[1]
truth = json.load(open(f"{demo}/ground-truth.json"))["groundTruth"]["byClass"]
report = json.load(open(glob.glob(f"{demo}/out/*.volumetrics.json")[0]))
ml = report["geometry"]["voxelVolumeMm3"] / 1000
total = report["total"]
rows = [("lung (whole)", sum(truth[1:]) * ml, total["lungVolumeMl"]),
        ("GGO", truth[2] * ml, total["ggoVolumeMl"]),
        ("consolidation", truth[3] * ml, total["consolidationVolumeMl"])]
print(f"{'':15}{'truth':>10}{'model':>10}")
for name, t, m in rows:
    print(f"{name:15}{t:10.1f}{m:10.1f}")
PY
