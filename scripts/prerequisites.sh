#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need, and the OHIF viewer (npm ci in deploy/viewer).
# Idempotent: apt runs only when something is missing, npm only when the pinned viewer is not there; apt never starts the services here (deploy/local-stack does, on loopback). Needs root (CI and the dev machines run as root) or sudo.
set -euo pipefail

packages=(
  libgdcm-cil        # GDCM's C# bindings: all DICOM reading/writing
  libjemalloc2       # the allocator the CLI and the worker preload for CPU inference (src/TinyUNet.Model/JemallocAllocator.cs)
  python3-pydicom    # reference reader in tests (Debian's; call it as /usr/bin/python3)
  python3-numpy      # pydicom needs numpy and Pillow for pixel data (Recommends, which --no-install-recommends skips)
  python3-pil        # (see python3-numpy)
  dicom3tools        # dciodvfy: validates every SEG we write
  dcmtk              # storescu/dcmodify in tests
  rabbitmq-server    # the broker of the worker's end-to-end tests (deploy/local-stack starts it, never systemd)
  postgresql         # results database of the end-to-end tests (a throwaway cluster from deploy/local-stack)
  orthanc            # the test PACS (DICOMweb below)
  orthanc-dicomweb   # QIDO/WADO/STOW-RS for Orthanc
  orthanc-gdcm       # lets Orthanc decode compressed transfer syntaxes
  curl               # local-stack ready checks
  fonts-dejavu-core  # the words of the study picture (SkiaSharp finds fonts under /usr/share/fonts)
  chromium           # the report page's and the viewer's browser tests (Playwright drives /usr/bin/chromium; no browser download)
  chromium-driver    # (WebDriver for the same browser, for checks by hand)
  golang-go          # the chart tests render helm/ with Go's text/template, helm's engine (no helm package in Debian)
  golang-github-masterminds-sprig-dev  # sprig: the template functions helm embeds
  golang-gopkg-yaml.v2-dev             # toYaml/values as helm reads and writes them
  docker.io          # the image built and run by real Docker (deploy/docker/build-and-run.sh starts its own dockerd)
  debootstrap        # the Debian 12 root file system of the stand-in base images (deploy/docker/base-images.sh)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

# npm installs the OHIF viewer below. A machine that already has node with its npm (e.g. NodeSource's nodejs, which
# ships npm itself and conflicts with Debian's npm package) keeps it; elsewhere Debian's nodejs + npm.
if ! command -v npm >/dev/null; then
  for package in nodejs npm; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
fi

if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "Installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The OHIF viewer's built app (deploy/viewer: one pinned tarball, checked against the lock's sha512), which the report
# API serves under /viewer/ and the viewer's browser test opens. npm ci only when the installed one is not that version.
viewer=$(cd "$(dirname "$0")/../deploy/viewer" && pwd)
wanted=$(sed -n 's/.*"@ohif\/app": "\(.*\)".*/\1/p' "$viewer/package.json")
installed=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$viewer/node_modules/@ohif/app/package.json" 2>/dev/null || true)
if [[ $installed != "$wanted" || ! -f $viewer/node_modules/@ohif/app/dist/index.html ]]; then
  echo "Installing the OHIF viewer @ohif/app $wanted into $viewer/node_modules (npm ci)" >&2
  (cd "$viewer" && nice -n 10 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
fi
