# Stand-in for mcr.microsoft.com/dotnet/sdk:10.0 (see runtime.Dockerfile): the runtime stand-in plus the SDK of the
# machine that builds it, the official SDK image's extra packages and environment, and that machine's trust store
# (a closed network may reach NuGet only through a proxy with its own CA; the build stage restores through it).
ARG RUNTIME_IMAGE=tinyunet-standin/dotnet-aspnet:10.0-bookworm
FROM ${RUNTIME_IMAGE}
ARG SDK_VERSION
ENV DOTNET_SDK_VERSION=${SDK_VERSION} \
    DOTNET_GENERATE_ASPNET_CERTIFICATE=false \
    DOTNET_NOLOGO=true \
    DOTNET_USE_POLLING_FILE_WATCHER=true \
    NUGET_XMLDOC_MODE=skip
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl git libatomic1 wget \
 && rm -rf /var/lib/apt/lists/*
COPY sdk /usr/share/dotnet/sdk
COPY sdk-manifests /usr/share/dotnet/sdk-manifests
COPY packs /usr/share/dotnet/packs
COPY templates /usr/share/dotnet/templates
COPY host-trust.crt /usr/local/share/ca-certificates/host-trust.crt
RUN update-ca-certificates >/dev/null
