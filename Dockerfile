# GPU image of TinyUNet.Worker (provisional until the worker host lands: the entry point is the CLI).
# Build:  docker build -t tinyunet-worker .
# Run:    docker run --gpus all tinyunet-worker bench --device cuda
#
# Both stages are Ubuntu 24.04: its libstdc++ (GCC 13+) satisfies TorchSharp natively, so the Debian 12 ELF
# fix is a no-op here; GDCM's C# bindings come from the distribution (libgdcm-cil).

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgdcm-cil \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json nuget.config Directory.Build.props Directory.Build.targets Directory.Packages.props TinyUNet.Worker.sln ./
COPY build/ build/
COPY src/ src/
# The bundled default model is copied beside the executable by the CLI project.
COPY models/ models/
# The cuda backend brings libtorch's CUDA build (cuDNN, cuBLAS included) through TorchSharp-cuda-linux.
RUN dotnet publish src/TinyUNet.Cli -c Release -p:TorchBackend=cuda -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0-noble AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgdcm-cil \
 && rm -rf /var/lib/apt/lists/*
# The NVIDIA container runtime injects the driver; these tell it which capabilities to expose.
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    DOTNET_gcServer=0
COPY --from=build /app /app
# Non-root: the image's own unprivileged user (uid 1654 in the .NET images).
USER app
WORKDIR /app
HEALTHCHECK --interval=60s --timeout=20s --start-period=30s --retries=3 \
  CMD ["dotnet", "/app/tinyunet.dll", "model-info", "--size", "16"]
ENTRYPOINT ["dotnet", "/app/tinyunet.dll"]
CMD ["--help"]
