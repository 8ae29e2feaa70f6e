#!/usr/bin/env bash
# The main job on bundled data, from a fresh Debian 12 machine. For now (until the DICOM pipeline lands):
# installs prerequisites, builds the CLI, prints the network's size and measures its throughput on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/prerequisites.sh
dotnet build src/TinyUNet.Cli -c Release -v q -nologo
cli=(dotnet run --project src/TinyUNet.Cli -c Release --no-build --)

echo "== TinyU-Net (in 3 channels, 4 classes) =="
"${cli[@]}" model-info --in-channels 3 --classes 4 --size 256
echo "== Inference throughput on this CPU (256², fp32, BatchNorm folded) =="
"${cli[@]}" bench --size 256 --batch 1 --fused --seconds 3
