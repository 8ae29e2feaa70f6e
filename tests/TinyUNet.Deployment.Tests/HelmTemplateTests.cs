using TinyUNet.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace TinyUNet.Deployment.Tests;

/// <summary>The chart's manifests, rendered as helm renders them (<see cref="ChartRenderer"/>: Go templates and sprig, no helm binary).</summary>
public sealed class HelmTemplateTests
{
    // The chart refuses to render without credentials (no secrets in values.yaml); an existing Secret is the usual way.
    private static ChartRenderer Renderer(Action<YamlMappingNode>? more = null) => ChartRenderer.WithDefaults(values =>
    {
        values.Set("secrets.existingSecret", "tinyunet-credentials");
        more?.Invoke(values);
    });

    private static YamlMappingNode Single(string template, Action<YamlMappingNode>? overrides = null) =>
        Assert.Single(Renderer(overrides).Render(template));

    private static YamlMappingNode Container(YamlMappingNode manifest, params string[] podPath) =>
        Assert.IsType<YamlMappingNode>(Assert.Single(manifest.Items([.. podPath, "containers"])));

    public static TheoryData<string> ManifestTemplates() => new(Directory.GetFiles(RepositoryFiles.ChartPath("templates"), "*.yaml")
        .Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(ManifestTemplates))]
    public void EveryTemplate_RendersManifestsWithApiVersionKindAndName(string template)
    {
        // Every optional part switched on, so every template renders something.
        IReadOnlyList<YamlMappingNode> manifests = ChartRenderer.WithDefaults(v =>
        {
            v.Set("serviceAccount.create", "true");
            v.Set("api.ingress.enabled", "true");
            v.Set("secrets.values.databaseConnectionString", "Host=db;Username=u;Password=p");
        }).Render(template);

        Assert.NotEmpty(manifests);
        Assert.All(manifests, m =>
        {
            Assert.False(string.IsNullOrEmpty(m.ScalarAt("apiVersion")), template + ": apiVersion");
            Assert.False(string.IsNullOrEmpty(m.ScalarAt("kind")), template + ": kind");
            Assert.False(string.IsNullOrEmpty(m.ScalarAt("metadata", "name")), template + ": metadata.name");
        });
    }

    [Fact]
    public void WorkerDeployment_RequestsTheGpuAndOutlivesTheShutdownTimeout()
    {
        YamlMappingNode deployment = Single("worker-deployment.yaml");
        YamlMappingNode worker = Container(deployment, "spec", "template", "spec");

        Assert.Equal("Deployment", deployment.ScalarAt("kind"));
        Assert.Equal("1", worker.ScalarAt("resources", "limits", "nvidia.com/gpu"));
        Assert.Equal(["worker"], worker.Items("args").Select(a => ((YamlScalarNode)a).Value));
        int grace = int.Parse(deployment.RequiredScalar("spec", "template", "spec", "terminationGracePeriodSeconds"));
        ChartRenderer settings = Renderer();
        YamlMappingNode configMap = Assert.Single(settings.Render("configmap.yaml"));
        int shutdown = int.Parse(configMap.RequiredScalar("data", "Worker__ShutdownTimeoutSeconds"));
        Assert.True(grace > shutdown, $"grace {grace} s must exceed the worker's shutdown timeout {shutdown} s");
        Assert.Contains(deployment.Items("spec", "template", "spec", "tolerations"), t => t.ScalarAt("key") == "nvidia.com/gpu");
    }

    [Theory]
    [InlineData("60", "60")]
    [InlineData("30", "60")]
    public void WorkerDeployment_GraceNotAboveShutdownTimeout_FailsToRender(string grace, string shutdown)
    {
        ChartRenderer renderer = Renderer(v =>
        {
            v.Set("worker.terminationGracePeriodSeconds", grace);
            v.Set("worker.shutdownTimeoutSeconds", shutdown);
        });

        TemplateFailedException failure = Assert.Throws<TemplateFailedException>(() => renderer.Render("worker-deployment.yaml"));
        Assert.Contains("terminationGracePeriodSeconds", failure.Message);
    }

    [Fact]
    public void WorkerDeployment_WithoutGpu_HasNoGpuLimit_AndWithKedaNoFixedReplicas()
    {
        YamlMappingNode withKeda = Single("worker-deployment.yaml", v => v.Set("worker.gpu.enabled", "false"));
        YamlMappingNode withoutKeda = Single("worker-deployment.yaml", v => v.Set("keda.enabled", "false"));

        Assert.Null(Container(withKeda, "spec", "template", "spec").At("resources", "limits", "nvidia.com/gpu"));
        Assert.Null(withKeda.At("spec", "replicas"));
        Assert.Equal("1", withoutKeda.ScalarAt("spec", "replicas"));
    }

    [Fact]
    public void WorkerDeployment_ProbesExecTheCli_OrUseTheHealthPortWhenSet()
    {
        YamlMappingNode exec = Container(Single("worker-deployment.yaml", v => v.Set("worker.health.httpPort", "0")), "spec", "template", "spec");
        YamlMappingNode http = Container(Single("worker-deployment.yaml", v => v.Set("worker.health.httpPort", "8081")), "spec", "template", "spec");

        Assert.Equal(["/app/entrypoint.sh", "migrate", "--check"],
            exec.Items("readinessProbe", "exec", "command").Select(c => ((YamlScalarNode)c).Value));
        Assert.Null(exec.At("livenessProbe"));
        Assert.Equal("/health/ready", http.ScalarAt("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", http.ScalarAt("livenessProbe", "httpGet", "path"));
        Assert.Contains(http.Items("env"), e => e.ScalarAt("name") == "Urls" && e.ScalarAt("value") == "http://*:8081");
    }

    [Fact]
    public void WorkerDeployment_TakesCredentialsFromTheSecret_NotFromValues()
    {
        YamlMappingNode worker = Container(Single("worker-deployment.yaml", v => v.Set("worker.health.httpPort", "0")), "spec", "template", "spec");
        var env = worker.Items("env").ToDictionary(e => e.RequiredScalar("name"), e => e);

        foreach (string name in new[] { "Database__ConnectionString", "RabbitMq__Username", "RabbitMq__Password", "Pacs__Username", "Pacs__Password" })
        {
            Assert.True(env.ContainsKey(name), name);
            Assert.Equal("tinyunet-credentials", env[name].ScalarAt("valueFrom", "secretKeyRef", "name"));
        }
        Assert.Equal(ChartRenderer.ReleaseName + "-settings", worker.Items("envFrom").Single().ScalarAt("configMapRef", "name"));
    }

    [Fact]
    public void BridgeDeployment_IsOneReplicaRecreated()
    {
        YamlMappingNode bridge = Single("bridge-deployment.yaml");

        Assert.Equal("1", bridge.ScalarAt("spec", "replicas"));
        Assert.Equal("Recreate", bridge.ScalarAt("spec", "strategy", "type"));
        Assert.Equal("bridge", Container(bridge, "spec", "template", "spec").Items("args").Cast<YamlScalarNode>().Single().Value);
    }

    [Fact]
    public void ReportApi_ServesHttpWithHealthProbes_ReaderRole_AndReadOnlyOutput()
    {
        YamlMappingNode api = Container(Single("api-deployment.yaml"), "spec", "template", "spec");
        YamlMappingNode service = Single("api-service.yaml");

        Assert.Equal("/health/live", api.ScalarAt("livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", api.ScalarAt("readinessProbe", "httpGet", "path"));
        Assert.Equal("8080", api.Items("ports").Single().ScalarAt("containerPort"));
        Assert.Contains(api.Items("env"), e => e.ScalarAt("name") == "Database__ConnectionString"
            && e.ScalarAt("valueFrom", "secretKeyRef", "key") == "reader-connection-string");
        Assert.Contains(api.Items("volumeMounts"), m => m.ScalarAt("name") == "output" && m.ScalarAt("readOnly") == "true");
        Assert.Equal("http", service.Items("spec", "ports").Single().ScalarAt("targetPort"));
        Assert.Empty(Renderer().Render("api-ingress.yaml"));
    }

    [Fact]
    public void ReportApi_AccessControl_RequiredByDefault_SettingsFromValues_KeyAndClientSecretFromTheSecret()
    {
        YamlMappingNode api = Container(Single("api-deployment.yaml", v =>
        {
            v.Set("api.auth.authority", "https://sso.example.org/realms/hospital");
            v.Set("api.auth.clientId", "tinyunet-report-page");
        }), "spec", "template", "spec");
        string? Env(string name) => api.Items("env").Single(e => e.ScalarAt("name") == name).ScalarAt("value");
        YamlMappingNode Secret(string name) => (YamlMappingNode)api.Items("env").Single(e => e.ScalarAt("name") == name).At("valueFrom", "secretKeyRef")!;

        Assert.Equal("Required", Env("Auth__Mode"));
        Assert.Equal("https://sso.example.org/realms/hospital", Env("Auth__Authority"));
        Assert.Equal("tinyunet-report-page", Env("Auth__ClientId"));
        Assert.Equal("tinyunet-reader", Env("Auth__ReaderRole"));
        Assert.Equal("true", Env("Auth__RequireHttpsMetadata"));
        Assert.Equal(("report-api-key", "true"), (Secret("Auth__ApiKeys__0").ScalarAt("key"), Secret("Auth__ApiKeys__0").ScalarAt("optional")));
        Assert.Equal("report-client-secret", Secret("Auth__ClientSecret").ScalarAt("key"));
        Assert.Equal("None", Container(Single("api-deployment.yaml", v => v.Set("api.auth.mode", "None")), "spec", "template", "spec")
            .Items("env").Single(e => e.ScalarAt("name") == "Auth__Mode").ScalarAt("value"));
        Assert.Equal("true", Env("ASPNETCORE_FORWARDEDHEADERS_ENABLED"));
        Assert.DoesNotContain(api.Items("env"), e => e.ScalarAt("name") == "Auth__DataProtectionKeysPath");
    }

    [Fact]
    public void ReportApi_DataProtectionClaim_MountedAndNamedAsTheKeyRing()
    {
        YamlMappingNode deployment = Single("api-deployment.yaml", v => v.Set("api.auth.dataProtection.existingClaim", "tinyunet-api-keys"));
        YamlMappingNode api = Container(deployment, "spec", "template", "spec");

        Assert.Equal("/var/lib/tinyunet/keys", api.Items("env").Single(e => e.ScalarAt("name") == "Auth__DataProtectionKeysPath").ScalarAt("value"));
        Assert.Contains(api.Items("volumeMounts"), m => m.ScalarAt("name") == "keys" && m.ScalarAt("mountPath") == "/var/lib/tinyunet/keys");
        Assert.Contains(deployment.Items("spec", "template", "spec", "volumes"),
            v => v.ScalarAt("name") == "keys" && v.ScalarAt("persistentVolumeClaim", "claimName") == "tinyunet-api-keys");
    }

    [Fact]
    public void Worker_PatientKeySecret_FromTheSecretAndOptional()
    {
        YamlMappingNode worker = Container(Single("worker-deployment.yaml"), "spec", "template", "spec");
        YamlNode reference = worker.Items("env").Single(e => e.ScalarAt("name") == "Pseudonymisation__SiteSecret").At("valueFrom", "secretKeyRef")!;
        Assert.Equal(("patient-key-secret", "true"), (reference.ScalarAt("key"), reference.ScalarAt("optional")));
    }

    [Fact]
    public void MigrationJob_IsAPreInstallAndPreUpgradeHookRunningMigrate()
    {
        YamlMappingNode job = Single("migrate-job.yaml");

        Assert.Equal("Job", job.ScalarAt("kind"));
        Assert.Equal("pre-install,pre-upgrade", job.ScalarAt("metadata", "annotations", "helm.sh/hook"));
        Assert.Contains("before-hook-creation", job.RequiredScalar("metadata", "annotations", "helm.sh/hook-delete-policy"));
        Assert.Equal("migrate", Container(job, "spec", "template", "spec").Items("args").Cast<YamlScalarNode>().Single().Value);
        Assert.Equal("Never", job.ScalarAt("spec", "template", "spec", "restartPolicy"));
    }

    [Fact]
    public void MigrationJob_WithChartSecret_ReadsAHookSecretCreatedBeforeIt()
    {
        // Ordinary resources do not exist yet during pre-install: the Job must not depend on the chart's main Secret.
        ChartRenderer renderer = ChartRenderer.WithDefaults(v => v.Set("secrets.values.databaseConnectionString", "Host=db"));
        YamlMappingNode job = Assert.Single(renderer.Render("migrate-job.yaml"));
        YamlMappingNode hookSecret = Assert.Single(renderer.Render("migrate-secret.yaml"));

        string secretName = Container(job, "spec", "template", "spec").Items("env").Single().RequiredScalar("valueFrom", "secretKeyRef", "name");
        Assert.Equal(hookSecret.ScalarAt("metadata", "name"), secretName);
        Assert.True(int.Parse(hookSecret.RequiredScalar("metadata", "annotations", "helm.sh/hook-weight"))
            < int.Parse(job.RequiredScalar("metadata", "annotations", "helm.sh/hook-weight")));
        Assert.Equal("Host=db", hookSecret.ScalarAt("stringData", "database-connection-string"));
    }

    [Fact]
    public void Secret_WithoutExistingSecretOrValues_RefusesToRender_AndWithExistingSecretIsNotCreated()
    {
        Assert.Throws<TemplateFailedException>(() => ChartRenderer.WithDefaults().Render("secret.yaml"));
        Assert.Empty(Renderer().Render("secret.yaml"));
        Assert.Empty(Renderer().Render("migrate-secret.yaml"));
    }

    [Fact]
    public void ReprocessCronJob_RunsNightlyOnTheScheduleFromValues()
    {
        YamlMappingNode cron = Single("reprocess-cronjob.yaml", v => v.Set("reprocess.schedule", "15 3 * * *"));
        YamlMappingNode defaults = Single("reprocess-cronjob.yaml");
        YamlMappingNode container = Container(cron, "spec", "jobTemplate", "spec", "template", "spec");

        Assert.Equal("CronJob", cron.ScalarAt("kind"));
        Assert.Equal("15 3 * * *", cron.ScalarAt("spec", "schedule"));
        Assert.Equal(5, defaults.RequiredScalar("spec", "schedule").Split(' ').Length);
        Assert.Equal("Forbid", cron.ScalarAt("spec", "concurrencyPolicy"));
        Assert.Equal(["reprocess", "--model", "/app/models/tinyunet-covid", "--limit", "500"],
            container.Items("args").Select(a => ((YamlScalarNode)a).Value));
    }

    [Fact]
    public void KedaScaledObject_ScalesTheWorkerOnTheSegmentStudyQueue()
    {
        YamlMappingNode scaled = Single("keda-scaledobject.yaml");
        YamlMappingNode auth = Single("keda-triggerauthentication.yaml");
        YamlNode trigger = Assert.Single(scaled.Items("spec", "triggers"));

        Assert.Equal("keda.sh/v1alpha1", scaled.ScalarAt("apiVersion"));
        Assert.Equal("ScaledObject", scaled.ScalarAt("kind"));
        Assert.Equal(Single("worker-deployment.yaml").ScalarAt("metadata", "name"), scaled.ScalarAt("spec", "scaleTargetRef", "name"));
        Assert.Equal("rabbitmq", trigger.ScalarAt("type"));
        Assert.Equal("segment-study", trigger.ScalarAt("metadata", "queueName"));
        Assert.Equal("QueueLength", trigger.ScalarAt("metadata", "mode"));
        Assert.Equal(auth.ScalarAt("metadata", "name"), trigger.ScalarAt("authenticationRef", "name"));
        Assert.Equal("TriggerAuthentication", auth.ScalarAt("kind"));
        Assert.Equal("host", auth.Items("spec", "secretTargetRef").Single().ScalarAt("parameter"));
        Assert.Empty(Renderer(v => v.Set("keda.enabled", "false")).Render("keda-scaledobject.yaml"));
    }

    [Fact]
    public void OutputStore_IsOneClaimSharedByWorkerAndApi_OrAnExistingOne()
    {
        YamlMappingNode claim = Single("pvc.yaml");
        string ClaimOf(string template, ChartRenderer renderer) => Assert.Single(renderer.Render(template))
            .Items("spec", "template", "spec", "volumes").Single(v => v.ScalarAt("name") == "output")
            .RequiredScalar("persistentVolumeClaim", "claimName");

        Assert.Equal("keep", claim.ScalarAt("metadata", "annotations", "helm.sh/resource-policy"));
        Assert.Equal(claim.ScalarAt("metadata", "name"), ClaimOf("worker-deployment.yaml", Renderer()));
        Assert.Equal(claim.ScalarAt("metadata", "name"), ClaimOf("api-deployment.yaml", Renderer()));
        ChartRenderer existing = Renderer(v => v.Set("storage.existingClaim", "results"));
        Assert.Empty(existing.Render("pvc.yaml"));
        Assert.Equal("results", ClaimOf("worker-deployment.yaml", existing));
    }

    [Fact]
    public void Pods_RunAsTheImagesNonRootUser_WithAReadOnlyRoot()
    {
        foreach (string template in new[] { "worker-deployment.yaml", "bridge-deployment.yaml", "api-deployment.yaml" })
        {
            YamlMappingNode pod = Assert.IsType<YamlMappingNode>(Single(template).At("spec", "template", "spec"));
            Assert.Equal("true", pod.ScalarAt("securityContext", "runAsNonRoot"));
            Assert.Equal("1654", pod.ScalarAt("securityContext", "runAsUser"));
            Assert.Equal("true", Container(pod).ScalarAt("securityContext", "readOnlyRootFilesystem"));
            Assert.Contains(Container(pod).Items("volumeMounts"), m => m.ScalarAt("mountPath") == "/tmp");
        }
    }
}
