using System.Text.RegularExpressions;
using TinyUNet.Deployment.Tests.Support;

namespace TinyUNet.Deployment.Tests;

/// <summary>The image's recipe (Docker cannot build here: no daemon, no base images).</summary>
public sealed class DockerfileTests
{
    private static readonly DockerfileModel Dockerfile = DockerfileModel.Parse(RepositoryFiles.Read("Dockerfile"));

    private static DockerfileModel.Stage Runtime => Dockerfile["runtime"];

    private static DockerfileModel.Stage Build => Dockerfile["build"];

    [Fact]
    public void Stages_BuildOnTheSdk_RunOnNobleAspNetRuntime()
    {
        Assert.Equal(["build", "viewer", "runtime"], Dockerfile.Stages.Select(s => s.Name));
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0[\w.]*-noble$", Build.BaseImage);
        // Ubuntu 24.04: libstdc++ with GLIBCXX_3.4.32, so TorchSharp loads without the Debian 12 ELF fix.
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0[\w.]*-noble$", Runtime.BaseImage);
        Assert.Same(Runtime, Dockerfile.Stages[^1]);
    }

    [Fact]
    public void Viewer_InstalledFromTheLockFileAndServedByTheApi()
    {
        DockerfileModel.Stage viewer = Dockerfile["viewer"];

        Assert.Contains(viewer.All("COPY"), c => c.Contains("deploy/viewer/package-lock.json", StringComparison.Ordinal));
        Assert.Contains(viewer.All("RUN"), r => r.Contains("npm ci", StringComparison.Ordinal));   // the lock file, not a resolve
        Assert.Contains(Runtime.All("COPY"), c => c == "--from=viewer /viewer/node_modules/@ohif/app/dist /app/viewer");
        Assert.Contains(Runtime.All("ENV"), e => e.Contains("Viewer__DistPath=/app/viewer", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_PublishesAllFourAppsWithTheCudaTorchBackend()
    {
        string publish = Assert.Single(Build.All("RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        string torchBackendArg = Assert.Single(Build.All("ARG"), a => a.StartsWith("TORCH_BACKEND=", StringComparison.Ordinal));

        Assert.Equal("TORCH_BACKEND=cuda", torchBackendArg);
        Assert.Contains("-p:TorchBackend=${TORCH_BACKEND}", publish);
        // project:folder pairs, the folders the entrypoint starts them from
        foreach (string app in new[] { "TinyUNet.Worker:worker", "TinyUNet.PacsBridge:bridge", "TinyUNet.ReportApi:api", "TinyUNet.Cli:cli" })
            Assert.Contains(app, publish);
    }

    [Fact]
    public void BothStages_InstallGdcmFromTheDistribution()
    {
        Assert.Contains(Build.All("RUN"), r => r.Contains("apt-get install", StringComparison.Ordinal) && r.Contains("libgdcm-cil", StringComparison.Ordinal));
        Assert.Contains(Runtime.All("RUN"), r => r.Contains("apt-get install", StringComparison.Ordinal) && r.Contains("libgdcm-cil", StringComparison.Ordinal));
    }

    [Fact]
    public void Runtime_RunsAsNumericNonRootUser()
    {
        string user = Assert.Single(Runtime.All("USER"));

        Assert.Matches("^[0-9]+$", user); // numeric: Kubernetes' runAsNonRoot can only verify a numeric user
        Assert.NotEqual("0", user);
        Assert.Equal("1654", user); // the .NET images' "app" user, which the chart's podSecurityContext names
    }

    [Fact]
    public void Runtime_HasHealthcheckEntrypointAndBundledModel()
    {
        string healthcheck = Assert.Single(Runtime.All("HEALTHCHECK"));
        Assert.Contains("CMD [\"/app/entrypoint.sh\", \"healthcheck\"]", healthcheck);
        Assert.Equal("[\"/app/entrypoint.sh\"]", Assert.Single(Runtime.All("ENTRYPOINT")));
        Assert.Contains(Runtime.All("COPY"), c => c.EndsWith("deploy/docker/entrypoint.sh /app/entrypoint.sh", StringComparison.Ordinal));

        string modelCopy = Assert.Single(Runtime.All("COPY"), c => c.Contains("models/", StringComparison.Ordinal));
        Assert.Equal("models/tinyunet-covid/ /app/models/tinyunet-covid/", modelCopy);
        Assert.True(File.Exists(RepositoryFiles.PathOf("models", "tinyunet-covid", "manifest.json")));
        Assert.Contains("Model__BundlePath=/app/models/tinyunet-covid", string.Join(' ', Runtime.All("ENV")));
    }

    [Fact]
    public void Runtime_HasOciLabels()
    {
        string labels = string.Join(' ', Runtime.All("LABEL"));

        foreach (string key in new[] { "title", "description", "version", "revision", "created" })
            Assert.Contains($"org.opencontainers.image.{key}=", labels);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputsOut_AndEverythingCopiedIn()
    {
        string[] patterns = RepositoryFiles.Read(".dockerignore").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        string[] copied = Dockerfile.Stages.SelectMany(s => s.All("COPY"))
            .Where(c => !c.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(c => Regex.Replace(c, @"--\S+\s+", "").Split(' ')[..^1]).ToArray();

        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.NotEmpty(copied);
        foreach (string source in copied)
        {
            Assert.True(File.Exists(RepositoryFiles.PathOf(source)) || Directory.Exists(RepositoryFiles.PathOf(source)), source + " is missing");
            Assert.DoesNotContain(patterns, p => source.StartsWith(p.TrimStart('/'), StringComparison.Ordinal));
        }
    }
}
