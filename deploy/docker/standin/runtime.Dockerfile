# Stand-in for mcr.microsoft.com/dotnet/aspnet:10.0 where that image cannot be pulled (a closed network): Debian 12
# from `debootstrap --variant=minbase` (imported by base-images.sh) plus the .NET and ASP.NET Core runtimes of the
# machine that builds it. It follows the official image's recipe (runtime-deps' packages, the "app" user 1654, the
# same environment), so what the TinyUNet image lacks on it, it would lack on the official one too.
ARG DEBIAN_IMAGE=tinyunet-standin/debian:bookworm-minbase
FROM ${DEBIAN_IMAGE}
ARG DOTNET_VERSION
ARG ASPNET_VERSION
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_VERSION=${DOTNET_VERSION} \
    ASPNET_VERSION=${ASPNET_VERSION}
# runtime-deps' list for Debian 12.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata zlib1g \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --gid=$APP_UID app && useradd -l --uid=$APP_UID --gid=$APP_UID --create-home app
COPY dotnet /usr/share/dotnet/dotnet
COPY host /usr/share/dotnet/host
COPY shared /usr/share/dotnet/shared
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
