using System.Text.RegularExpressions;
using TinyUNet.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace TinyUNet.Deployment.Tests;

/// <summary>deploy/compose: the services, their wiring, and no committed secrets.</summary>
public sealed partial class ComposeTests
{
    private static readonly YamlMappingNode Compose = YamlNodes.LoadMapping(RepositoryFiles.Read("deploy", "compose", "compose.yaml"));

    private static YamlMappingNode Service(string name) => Assert.IsType<YamlMappingNode>(Compose.At("services", name));

    /// <summary>A service's own key, else the one it merges in (YAML merge key "&lt;&lt;", which compose resolves).</summary>
    private static YamlNode? Setting(string service, string key) =>
        Service(service).At(key) ?? Service(service).At("<<", key);

    private static string[] Command(string service) =>
        Setting(service, "command") is YamlSequenceNode c ? c.Children.Select(n => ((YamlScalarNode)n).Value ?? "").ToArray() : [];

    [Fact]
    public void Compose_NamesTheServicesAndTheAppsUseTheOneImage()
    {
        string[] services = Assert.IsType<YamlMappingNode>(Compose.At("services")).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToArray();

        Assert.Equal(["rabbitmq", "postgres", "orthanc", "migrate", "reader-role", "worker", "bridge", "api"], services);
        foreach ((string service, string command) in new[] { ("migrate", "migrate"), ("worker", "worker"), ("bridge", "bridge"), ("api", "api") })
        {
            Assert.Equal([command], Command(service));
            Assert.Equal("${TINYUNET_IMAGE:-tinyunet:dev}", ((YamlScalarNode)Setting(service, "image")!).Value);
        }
        Assert.Equal("true", Service("orthanc").ScalarAt("environment", "DICOM_WEB_PLUGIN_ENABLED"));
    }

    [Fact]
    public void Compose_AppsWaitForTheMigration_AndTheWorkerOutlivesItsShutdownTimeout()
    {
        foreach (string service in new[] { "worker", "bridge", "reader-role" })
            Assert.Equal("service_completed_successfully", Service(service).ScalarAt("depends_on", "migrate", "condition"));
        Assert.Equal("service_completed_successfully", Service("api").ScalarAt("depends_on", "reader-role", "condition"));

        int grace = int.Parse(Service("worker").RequiredScalar("stop_grace_period").TrimEnd('s'));
        int shutdown = int.Parse(Service("worker").RequiredScalar("environment", "Worker__ShutdownTimeoutSeconds"));
        Assert.True(grace > shutdown, $"stop_grace_period {grace} s must exceed the shutdown timeout {shutdown} s");
    }

    [Fact]
    public void Compose_PublishesPortsOnLoopbackOnly()
    {
        string[] ports = Compose.At("services") is YamlMappingNode services
            ? services.Children.Values.SelectMany(s => s.Items("ports")).Select(p => ((YamlScalarNode)p).Value!).ToArray()
            : [];

        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.StartsWith("127.0.0.1:", p));
    }

    [Fact]
    public void Compose_TakesEverySecretFromTheEnvFile_WhichIsNotCommitted()
    {
        string compose = RepositoryFiles.Read("deploy", "compose", "compose.yaml");
        string[] required = RequiredVariable().Matches(compose).Select(m => m.Groups[1].Value).Distinct().ToArray();
        string[] example = RepositoryFiles.Read("deploy", "compose", ".env.example").Split('\n')
            .Where(l => l.Contains('=') && !l.StartsWith('#')).Select(l => l.Split('=')[0]).ToArray();

        Assert.Contains("POSTGRES_PASSWORD", required);
        Assert.Contains("RABBITMQ_PASSWORD", required);
        Assert.All(required, v => Assert.Contains(v, example));
        var environments = Assert.IsType<YamlMappingNode>(Compose.At("services")).Children.Values
            .Select(s => s.At("environment")).Append(Compose.At("x-tinyunet", "environment")).OfType<YamlMappingNode>();
        int secrets = 0;
        foreach ((YamlNode key, YamlNode value) in environments.SelectMany(e => e.Children))
        {
            string name = ((YamlScalarNode)key).Value!, text = (value as YamlScalarNode)?.Value ?? "";
            if (name.Contains("PASS", StringComparison.OrdinalIgnoreCase)) { secrets++; Assert.StartsWith("${", text); }
            foreach (Match inline in InlinePassword().Matches(text)) { secrets++; Assert.StartsWith("${", inline.Groups[1].Value); }
        }
        Assert.True(secrets >= 8, $"only {secrets} password settings found");
        Assert.Contains(".env", RepositoryFiles.Read("deploy", "compose", ".gitignore").Split('\n'));
    }

    [Fact]
    public void GpuOverlay_ReservesAnNvidiaDeviceForTheWorker()
    {
        YamlMappingNode overlay = YamlNodes.LoadMapping(RepositoryFiles.Read("deploy", "compose", "compose.gpu.yaml"));
        YamlNode device = Assert.Single(overlay.Items("services", "worker", "deploy", "resources", "reservations", "devices"));

        Assert.Equal("nvidia", device.ScalarAt("driver"));
        Assert.Equal("cuda", overlay.ScalarAt("services", "worker", "environment", "Device__Name"));
    }

    [GeneratedRegex(@"Password=([^;]*)")]
    private static partial Regex InlinePassword();

    [GeneratedRegex(@"\$\{(\w+):\?")]
    private static partial Regex RequiredVariable();
}
