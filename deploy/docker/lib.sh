# Shared by the scripts in deploy/docker: which docker client to use and the private daemon's paths. Sourced, not run.
docker_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$docker_dir/../.." && pwd)
# Large local files (the debootstrap root file system, its tarball) stay out of git and out of the build context.
: "${TINYUNET_DOCKER_CACHE:=$repo/.docker}"
# The private daemon that dockerd.sh starts when no daemon answers (host network only, --bridge=none).
: "${TINYUNET_DOCKERD_ROOT:=/var/lib/tinyunet-docker}"
: "${TINYUNET_DOCKERD_SOCKET:=/run/tinyunet-docker.sock}"
: "${TINYUNET_DOCKERD_EXEC_ROOT:=/run/tinyunet-docker}"
TINYUNET_DOCKERD_PIDFILE=$TINYUNET_DOCKERD_EXEC_ROOT.pid

# The Dockerfile needs BuildKit (RUN --mount, COPY --chmod). Docker 23+ clients build with BuildKit only through the
# buildx plugin; 20.10 clients (Debian 12's docker.io) have it built in behind DOCKER_BUILDKIT=1. Prints the client to
# use: $DOCKER if set, else `docker` when it has buildx, else Debian's /usr/bin/docker when that is a 20.10 client.
pick_docker() {
  if [[ -n ${DOCKER:-} ]]; then echo "$DOCKER"; return; fi
  if docker buildx version >/dev/null 2>&1; then echo docker; return; fi
  local candidate version
  for candidate in docker /usr/bin/docker; do
    command -v "$candidate" >/dev/null 2>&1 || continue
    version=$("$candidate" version --format '{{.Client.Version}}' 2>/dev/null || true)
    [[ $version == 20.10.* || $version == 19.* ]] && { echo "$candidate"; return; }
  done
  echo "error: no docker client that builds with BuildKit (install the buildx plugin, or Debian 12's docker.io)" >&2
  return 1
}

# True when the daemon the client talks to answers.
docker_answers() { timeout 20 "$1" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
