#!/usr/bin/env bash
# Trains the bundled model models/tinyunet-covid by its recipe (models/README.md) and cross-validates it:
#   pretrain   stage 1: the 1,600 pseudo-labelled slices (infection vs rest)      → RUN/pretrain
#   cv         stage 2 in 5 folds of the 50 labelled slices, from stage 1's weights → RUN/fold-K, each scored through
#              the production inference path (evaluate --split validation)          → RUN/fold-K/evaluate.json
#   scratch    the same folds without pre-training (the comparison for stage 1)     → RUN/scratch-fold-K
#   final      stage 2 on all 50 labelled slices                                    → RUN/final/bundle
#   selftrain  self-training in 5 folds: fold k's model (cv) relabels the pseudo set into GGO / consolidation
#              (tinyunet relabel), a student pre-trains on it from stage 1's weights, then fine-tunes on fold k's
#              training slices                                                     → RUN/self-fold-K
#   selffinal  the same from the final model, the student fine-tuned on all 50      → RUN/self-final/bundle
#   summary    the cross-validation tables from the evaluate.json files
# Every stage resumes where it stopped (checkpoints), so the script can simply be run again.
# Usage: bash scripts/train-covid-model.sh RUN_DIR [pretrain|cv|scratch|final|summary]...   (default: pretrain cv final summary)
# Needs ../shared beside the clone (the data sets) and python3 for the summary. THREADS (default 2) = libtorch threads;
# FOLDS (default "1 2 3 4 5") = the folds the cv, scratch and selftrain stages run; DEVICE (default auto: CUDA when
# there is one) = where training, relabelling and evaluation run; TUNE (default empty) = options added to every stage-2
# run (cv, scratch, final), for a recipe row, e.g. TUNE="--epochs 100 --crop-size 128" (3.0.0's crops) into a
# RUN folder of its own (a stage whose bundle exists is skipped, whatever TUNE says).
set -euo pipefail
cd "$(dirname "$0")/.."
run=${1:?usage: train-covid-model.sh RUN_DIR [stage]...}
shift
stages=("${@:-pretrain cv final summary}")
stages=(${stages[*]})
data=../shared/data/covid-semiseg-train
# TINYUNET_DLL: a copy of the built CLI to use (so that rebuilding the tree during hours of training changes nothing);
# TINYUNET_BIN: a self-contained CLI executable instead (the GPU machine, which has no .NET: scripts/gpu-train.sh).
cli=${TINYUNET_DLL:-}
if [[ -z "$cli" && -z "${TINYUNET_BIN:-}" ]]; then
  dotnet build src/TinyUNet.Cli -c Release -v quiet -nologo >/dev/null
  cli=src/TinyUNet.Cli/bin/Release/net10.0/linux-x64/tinyunet.dll
fi
tinyunet() {
  if [[ -n "${TINYUNET_BIN:-}" ]]; then MALLOC_ARENA_MAX=1 "$TINYUNET_BIN" "$@"
  else MALLOC_ARENA_MAX=1 DOTNET_GCgen0size=0x8000000 dotnet "$cli" "$@"; fi
}

# A stopped run (machine gone, session over, Ctrl-C) continues from its last checkpoint when the script runs again.
train() {
  local out=$1; shift
  local resume=()
  [[ -f "$out/bundle/manifest.json" ]] && return 0
  [[ -f "$out/checkpoint/state.json" ]] && resume=(--resume)
  mkdir -p "$out"
  tinyunet train --out "$out" --threads "${THREADS:-2}" --device "${DEVICE:-auto}" "${resume[@]}" "$@" > "$out.json" 2> >(tee -a "$out.log" >&2)
}

evaluate() {
  # One forward pass per slice, and test-time flip averaging (twice the inference), whatever the bundle asks: the
  # recipe's table has both rows (models/README.md).
  tinyunet evaluate --model "$1/bundle" --data "$data" --split "$2" --lung derive --device "${DEVICE:-auto}" --threads "${THREADS:-2}" \
    --no-flip-average > "$1/evaluate.json"
  tinyunet evaluate --model "$1/bundle" --data "$data" --split "$2" --lung derive --device "${DEVICE:-auto}" --threads "${THREADS:-2}" \
    --flip-average > "$1/evaluate-flips.json"
}

# Self-training from teacher $1 into $2: relabel the pseudo set (once), pre-train the student, fine-tune it ($3...).
selftrain() {
  local teacher=$1 out=$2; shift 2
  if [[ ! -f "$out/relabel.json" ]]; then
    rm -rf "$out/relabelled"
    tinyunet relabel --model "$teacher" --config models/training/covid-semiseg-pseudo-pretrain.json --out "$out/relabelled" \
      --device "${DEVICE:-auto}" --threads "${THREADS:-2}" > "$out/relabel.json.tmp" && mv "$out/relabel.json.tmp" "$out/relabel.json"
  fi
  train "$out/student" --config models/training/covid-semiseg-selftrain-pretrain.json --data "$out/relabelled" --init "$run/pretrain/bundle"
  train "$out/fine" --config models/training/covid-semiseg.json --init "$out/student/bundle" "$@"
}

for stage in "${stages[@]}"; do
  case $stage in
    pretrain) train "$run/pretrain" --config models/training/covid-semiseg-pseudo-pretrain.json ;;
    cv) for k in ${FOLDS:-1 2 3 4 5}; do
          train "$run/fold-$k" --config models/training/covid-semiseg.json --init "$run/pretrain/bundle" --folds 5 --fold "$k" ${TUNE:-}
          evaluate "$run/fold-$k" validation
        done ;;
    scratch) for k in ${FOLDS:-1 2 3 4 5}; do
          train "$run/scratch-fold-$k" --config models/training/covid-semiseg.json --folds 5 --fold "$k" ${TUNE:-}
          evaluate "$run/scratch-fold-$k" validation
        done ;;
    final) train "$run/final" --config models/training/covid-semiseg.json --init "$run/pretrain/bundle" --folds 0 --validation-count 0 ${TUNE:-}
           evaluate "$run/final" all ;;
    selftrain) for k in ${FOLDS:-1 2 3 4 5}; do
          mkdir -p "$run/self-fold-$k"
          selftrain "$run/fold-$k/bundle" "$run/self-fold-$k" --folds 5 --fold "$k"
          evaluate "$run/self-fold-$k/fine" validation
        done ;;
    selffinal) mkdir -p "$run/self-final"
           selftrain "$run/final/bundle" "$run/self-final" --folds 0 --validation-count 0
           evaluate "$run/self-final/fine" all ;;
    summary) python3 scripts/cross-validation-summary.py "$run" ;;
    *) echo "unknown stage '$stage'" >&2; exit 2 ;;
  esac
done
