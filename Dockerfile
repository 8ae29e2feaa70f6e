# One image for every TinyUNet process: the worker (GPU), the PACS bridge, the report API and the CLI (migrate,
# reprocess, model-info, …). The first argument picks the process (deploy/docker/entrypoint.sh):
#   docker build -t tinyunet .
#   docker run --gpus all tinyunet worker          # or: bridge | api | migrate | reprocess | model-info | --help
# Both stages are Ubuntu 24.04 (noble): its libstdc++ (GCC 13+) has GLIBCXX_3.4.32, which TorchSharp's native library
# needs, so the Debian 12 ELF fix in Directory.Build.targets finds nothing to do here. Where mcr.microsoft.com cannot
# be reached, deploy/docker/base-images.sh builds Debian 12 stand-ins for both (the ELF fix then applies in publish);
# deploy/docker/build-and-run.sh builds this file on them and runs the image end to end.

# global.json asks for SDK 10.0.401 or a later feature band: the SDK tag must carry one (the floating 10.0 tags do).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble
# ASP.NET Core runtime: the report API needs it, and the worker references its shared framework (WADO-RS multipart).
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble

FROM ${SDK_IMAGE} AS build
# cuda: TorchSharp-cuda-linux brings libtorch's CUDA build with its CUDA runtime, cuBLAS and cuDNN; the driver comes
# from the host through the NVIDIA container runtime. cpu gives a smaller image for CPU-only sites.
ARG TORCH_BACKEND=cuda
# Build/Gdcm.props references the C# bindings from the distribution's package by path.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgdcm-cil \
 && rm -rf /var/lib/apt/lists/*
# nuget.config also lists the development machines' offline folder; restore fails on a missing local source.
RUN mkdir -p /opt/nuget/packages
WORKDIR /src
COPY global.json nuget.config Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY src/ src/
COPY models/ models/
RUN --mount=type=cache,target=/root/.nuget/packages \
    for app in TinyUNet.Worker:worker TinyUNet.PacsBridge:bridge TinyUNet.ReportApi:api TinyUNet.Cli:cli; do \
      dotnet publish "src/${app%%:*}" -c Release -p:TorchBackend=${TORCH_BACKEND} -o "/app/${app##*:}" || exit 1; \
    done
# Each app is published to its own folder (their deps.json and appsettings.json differ), so the worker and the CLI
# both carry libtorch (gigabytes with CUDA). Identical large files elsewhere become links to the worker's copy.
RUN cd /app && for dir in cli bridge api; do \
      find "$dir" -type f -size +1M | while read -r f; do \
        w="/app/worker/${f#*/}"; \
        if [ -f "$w" ] && cmp -s "$f" "$w"; then ln -sf "$w" "$f"; fi; \
      done; \
    done

# The OHIF viewer's built app (deploy/viewer: one pinned tarball checked by its sha512), served by the report API under
# /viewer/. Its own stage: it changes with the lock file only, not with the code.
FROM ${SDK_IMAGE} AS viewer
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
# npm's node does not read the system trust store unless told to (a site's TLS-inspecting proxy adds its CA there).
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY deploy/viewer/package.json deploy/viewer/package-lock.json /viewer/
RUN cd /viewer && npm ci --ignore-scripts --no-audit --no-fund

FROM ${RUNTIME_IMAGE} AS runtime
# Redeclared so that the base-image label names the base this image was really built on.
ARG RUNTIME_IMAGE
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="tinyunet" \
      org.opencontainers.image.description="TinyU-Net COVID-19 pneumonia segmentation on chest CT: worker, PACS bridge, report API and CLI. Not for clinical use." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}" \
      org.opencontainers.image.documentation="deploy/README.md"
# The same package as in the build stage: the glue library copied by publish links against its native GDCM libraries.
# fonts-dejavu-core: the words of the study picture (montage.png); SkiaSharp draws none without a font.
# libjemalloc2: the worker and the CLI preload it for CPU inference (about half the memory; AllocatorRestart).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgdcm-cil fonts-dejavu-core libjemalloc2 \
 && rm -rf /var/lib/apt/lists/*
# The NVIDIA container runtime injects the driver; these tell it which capabilities to expose.
# Storage and model paths are the defaults the chart and the compose file mount or rely on.
# MALLOC_ARENA_MAX=1: CPU inference off the main thread ~1.5× faster (see src/TinyUNet.Model/CpuAllocatorTuning.cs).
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    MALLOC_ARENA_MAX=1 \
    DOTNET_gcServer=0 \
    ASPNETCORE_HTTP_PORTS=8080 \
    TINYUNET_APP_ROOT=/app \
    Model__BundlePath=/app/models/tinyunet-covid \
    Storage__OutputRoot=/data/output \
    Viewer__DistPath=/app/viewer
COPY --from=build /app /app
COPY --from=viewer /viewer/node_modules/@ohif/app/dist /app/viewer
COPY models/tinyunet-covid/ /app/models/tinyunet-covid/
COPY --chmod=0755 deploy/docker/entrypoint.sh /app/entrypoint.sh
# The output store is a volume in compose and a PVC in the chart; owned by the runtime user for a bare docker run.
RUN mkdir -p /data/output && chown 1654:1654 /data/output
# Non-root: the .NET images' own unprivileged user "app". Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 1654
WORKDIR /app
EXPOSE 8080
HEALTHCHECK --interval=60s --timeout=30s --start-period=60s --retries=3 \
  CMD ["/app/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["--help"]
