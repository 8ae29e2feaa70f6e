#!/usr/bin/env bash
# Ours against the official TinyU-Net graph on this machine, in turn, at 256² batch 1 (README "Speed"):
#   ours      tinyunet bench --fused (the lanes and threads the worker would use)
#   official  scripts/official-bench.py on Debian's python3-torch, 2 threads, its graph checked against the parity fixture
# Usage: bash scripts/speed-compare.sh [ROUNDS] [avx2]
#   avx2: both run with their libraries limited to AVX2 code paths (oneDNN, MKL, ATen, OpenBLAS), the closest this
#   machine gets to an AVX2-only CPU (same clock and memory, so it is an estimate of the code, not of such a machine).
# Needs the CLI built (dotnet build src/TinyUNet.Cli -c Release), python3-torch (apt-get install python3-torch) and
# ../shared beside the clone (the parity fixture). Prints one JSON line per run, then each round's ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
isa=${2:-native}
cli=${TINYUNET_DLL:-src/TinyUNet.Cli/bin/Release/net10.0/linux-x64/tinyunet.dll}
if [[ $isa == avx2 ]]; then
  export ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 ATEN_CPU_CAPABILITY=avx2 OPENBLAS_CORETYPE=Haswell
fi
/usr/bin/python3 scripts/official-bench.py --check ../shared/fixtures/tinyunet-parity --seconds 1 > /dev/null
for ((r = 1; r <= rounds; r++)); do
  official=$(/usr/bin/python3 scripts/official-bench.py --threads 2 --seconds 6)
  ours=$(MALLOC_ARENA_MAX=1 dotnet "$cli" bench --fused --size 256 --batch 1 --seconds 6 2>/dev/null | tr -d '\n ')
  echo "$official"
  echo "$ours"
  python3 -c "import json,sys; o=json.loads(sys.argv[1]); u=json.loads(sys.argv[2]); \
print(f'round {sys.argv[3]} ({sys.argv[4]}): ours {u[\"slicesPerSecond\"]:.2f} slices/s, official {o[\"slicesPerSecond\"]:.2f}, ratio {u[\"slicesPerSecond\"] / o[\"slicesPerSecond\"]:.2f}x')" \
    "$official" "$ours" "$r" "$isa"
done
