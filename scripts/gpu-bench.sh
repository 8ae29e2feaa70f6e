#!/usr/bin/env bash
# Issue 20's GPU figures on a single-GPU machine that has PyTorch (CUDA) but no .NET (the lent device machine).
#   bash scripts/gpu-bench.sh prepare    here: the same self-contained CLI as gpu-train.sh (external torch backend)
#                                         → .gpu/tinyunet.tar.xz
#   bash scripts/gpu-bench.sh run OUT    there: `bench --device cuda` at 256² batch 64 in fp32, fp16 and bf16 (fused
#                                         and not), `bench-study` of a generated 300-slice 512² series on cuda, and
#                                         `segment` of the bundled real sample (207 slices: the worker's pipeline
#                                         end to end, without the broker, database and PACS, which that machine
#                                         lacks); every result as JSON in OUT, a one-line summary each in OUT/summary.txt
# Goals (issue 20): ≥ 1,300 slices/s at 256² batch 64; a 300-slice 512² study in ≤ 2 s. About 3 minutes once unpacked.
set -euo pipefail
cd "$(dirname "$0")/.."
case ${1:-} in
  prepare) bash scripts/gpu-train.sh prepare ;;
  run)
    out=${2:?usage: gpu-bench.sh run OUT}
    mkdir -p "$out"
    [[ -d .gpu/tinyunet ]] || tar -C .gpu -xJf .gpu/tinyunet.tar.xz
    torch_lib=$(python3 -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
    export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    cli=$PWD/.gpu/tinyunet/tinyunet
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$out/gpu.txt" || true
    summary() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sys.argv[1].rsplit("/",1)[-1], {k: d[k] for k in sys.argv[2:] if k in d})' "$@" | tee -a "$out/summary.txt"; }
    : >"$out/summary.txt"
    for dtype in fp32 fp16 bf16; do
      for fused in "" --fused; do
        name="bench-256-b64-$dtype${fused:+-fused}.json"
        "$cli" bench --device cuda --size 256 --batch 64 --dtype "$dtype" $fused --seconds 10 >"$out/$name" 2>>"$out/log.txt" || echo "failed: $name" | tee -a "$out/summary.txt"
        [[ -s $out/$name ]] && summary "$out/$name" slicesPerSecond dType fused batch
      done
    done
    "$cli" bench-study --device cuda --slices 300 --size 512 >"$out/bench-study-300x512.json" 2>>"$out/log.txt"
    summary "$out/bench-study-300x512.json" studySeconds studySlicesPerSecond modelSlicesPerSecond studyOverModel peakRssMb batch
    "$cli" sample-ct --out "$out/sample" >>"$out/log.txt" 2>&1
    start=$(date +%s.%N)
    "$cli" segment --series "$out/sample" --out "$out/segment" --device cuda >"$out/segment.json" 2>>"$out/log.txt"
    echo "segment of the bundled sample on cuda: $(python3 -c "import time; print(round(time.time() - $start, 2))") s (whole process)" | tee -a "$out/summary.txt"
    rm -rf "$out/sample" ;;
  *) echo "usage: gpu-bench.sh prepare | run OUT" >&2; exit 2 ;;
esac
