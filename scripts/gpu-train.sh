#!/usr/bin/env bash
# The bundled model's recipe on a single-GPU machine that has PyTorch (CUDA) but no .NET, e.g. the lent device machine.
#   bash scripts/gpu-train.sh prepare        here: a self-contained CLI on the "external" torch backend → .gpu/tinyunet.tar.xz
#   bash scripts/gpu-train.sh run OUT [stage...]
#                                            there: unpacks it, loads PyTorch's libtorch, and runs
#                                            scripts/train-covid-model.sh OUT/run with DEVICE=cuda (default stages:
#                                            pretrain cv final summary: the shipped recipe), then copies the bundles,
#                                            every evaluate.json, the logs and the cross-validation table to OUT
# Carry .gpu/ (and ../shared beside the clone, for the data sets) to the device machine. Everything resumes from its
# checkpoints when run again with the same OUT, so a run cut by the machine's time limit continues on the next one.
set -euo pipefail
cd "$(dirname "$0")/.."
case ${1:-} in
  prepare)
    rm -rf .gpu/tinyunet
    dotnet publish src/TinyUNet.Cli -c Release -r linux-x64 --self-contained -p:TorchBackend=external -v quiet -nologo -o .gpu/tinyunet
    tar -C .gpu -cJf .gpu/tinyunet.tar.xz tinyunet
    rm -rf .gpu/tinyunet
    ls -l .gpu/tinyunet.tar.xz ;;
  run)
    out=${2:?usage: gpu-train.sh run OUT [stage...]}
    shift 2
    [[ -d .gpu/tinyunet ]] || tar -C .gpu -xJf .gpu/tinyunet.tar.xz
    torch_lib=$(python3 -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
    export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export TINYUNET_BIN=$PWD/.gpu/tinyunet/tinyunet DEVICE=cuda THREADS=${THREADS:-4}
    nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
    start=$SECONDS
    bash scripts/train-covid-model.sh "$out/run" "${@:-pretrain cv final summary}" | tee "$out/summary.md"
    echo "gpu-train: $((SECONDS - start)) s" | tee -a "$out/summary.md"
    # What comes back: bundles (a few MB each), scores and logs; the relabelled images stay behind.
    (cd "$out/run" && find . \( -path '*/bundle/*' -o -name 'evaluate.json' -o -name '*.log' -o -name 'relabel.json' \) \
      -not -path '*/relabelled/*' | tar -cf - -T -) | tar -C "$out" -xf - ;;
  *) echo "usage: gpu-train.sh prepare | run OUT [stage...]" >&2; exit 2 ;;
esac
