#!/usr/bin/env bash
# Builds local stand-ins for the Dockerfile's SDK_IMAGE and RUNTIME_IMAGE where mcr.microsoft.com cannot be reached:
#   tinyunet-standin/debian:bookworm-minbase     `debootstrap --variant=minbase bookworm`, imported
#   tinyunet-standin/dotnet-aspnet:10.0-bookworm  + runtime-deps' packages, user app (1654), this machine's .NET runtimes
#   tinyunet-standin/dotnet-sdk:10.0-bookworm     + this machine's .NET SDK and trust store
# (recipes: standin/*.Dockerfile). Images already there are kept (--force rebuilds them). Prints the two build args.
# Needs root (debootstrap), debootstrap, a docker client and daemon (DOCKER_HOST), .NET 10 on this machine.
# Environment: DOTNET_ROOT (the folder of `dotnet`), DEBIAN_MIRROR (http://deb.debian.org/debian),
# HOST_CA_BUNDLE (/etc/ssl/certs/ca-certificates.crt), TINYUNET_DOCKER_CACHE (<repo>/.docker, git-ignored).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
force=false
[[ ${1:-} == --force ]] && force=true
docker=$(pick_docker)
debian_image=tinyunet-standin/debian:bookworm-minbase
runtime_image=tinyunet-standin/dotnet-aspnet:10.0-bookworm
sdk_image=tinyunet-standin/dotnet-sdk:10.0-bookworm
dotnet_root=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
newest() { find "$1" -mindepth 1 -maxdepth 1 -name "$2" -printf '%f\n' | sort -V | tail -n 1; }
runtime_version=$(newest "$dotnet_root/shared/Microsoft.NETCore.App" '10.0.*')
aspnet_version=$(newest "$dotnet_root/shared/Microsoft.AspNetCore.App" '10.0.*')
sdk_version=$(newest "$dotnet_root/sdk" '10.0.*')
[[ -n $runtime_version && -n $aspnet_version && -n $sdk_version ]] \
  || { echo "error: no .NET 10 SDK and runtimes under $dotnet_root" >&2; exit 1; }
have() { ! $force && "$docker" image inspect "$1" >/dev/null 2>&1; }
mkdir -p "$TINYUNET_DOCKER_CACHE"

if ! have "$debian_image"; then
  rootfs=$TINYUNET_DOCKER_CACHE/rootfs-bookworm tarball=$TINYUNET_DOCKER_CACHE/bookworm-minbase.tar
  if [[ ! -f $tarball ]]; then
    if [[ ! -x $rootfs/usr/bin/apt-get ]]; then
      echo "== debootstrap --variant=minbase bookworm (a few minutes)" >&2
      rm -rf "$rootfs"
      nice -n 19 debootstrap --variant=minbase bookworm "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
        >"$TINYUNET_DOCKER_CACHE/debootstrap.log" 2>&1 || { tail -n 20 "$TINYUNET_DOCKER_CACHE/debootstrap.log" >&2; exit 1; }
    fi
    # As the official Debian images: no package cache or lists inside.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    nice -n 19 tar -C "$rootfs" --numeric-owner -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
  fi
  echo "== importing $debian_image" >&2
  "$docker" import --change 'CMD ["bash"]' "$tarball" "$debian_image" >/dev/null
fi

# The build contexts are streamed as tar (Dockerfile + the .NET folders), so nothing large is copied first.
if ! have "$runtime_image"; then
  echo "== building $runtime_image (.NET $runtime_version, ASP.NET Core $aspnet_version)" >&2
  tar -c -C "$docker_dir/standin" runtime.Dockerfile -C "$dotnet_root" dotnet host shared \
    | nice -n 19 "$docker" build --network host -q -f runtime.Dockerfile -t "$runtime_image" \
        --build-arg DEBIAN_IMAGE="$debian_image" --build-arg DOTNET_VERSION="$runtime_version" \
        --build-arg ASPNET_VERSION="$aspnet_version" - >/dev/null
fi
if ! have "$sdk_image"; then
  echo "== building $sdk_image (SDK $sdk_version)" >&2
  cp "${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}" "$TINYUNET_DOCKER_CACHE/host-trust.crt"
  tar -c -C "$docker_dir/standin" sdk.Dockerfile -C "$TINYUNET_DOCKER_CACHE" host-trust.crt \
      -C "$dotnet_root" sdk sdk-manifests packs templates \
    | nice -n 19 "$docker" build --network host -q -f sdk.Dockerfile -t "$sdk_image" \
        --build-arg RUNTIME_IMAGE="$runtime_image" --build-arg SDK_VERSION="$sdk_version" - >/dev/null
fi
echo "SDK_IMAGE=$sdk_image"
echo "RUNTIME_IMAGE=$runtime_image"
