using YamlDotNet.RepresentationModel;

namespace TinyUNet.Deployment.Tests.Support;

/// <summary>
/// `helm template` for the chart tests on machines without helm: the chart rendered by HelmRender/main.go, which runs
/// Go's text/template with sprig's functions (the engine and function library helm embeds; Debian's golang-go and
/// golang-github-masterminds-sprig-dev, installed by scripts/prerequisites.sh) and helm's own include, tpl, required,
/// toYaml. So every construct is evaluated as helm evaluates it, and the whole chart is rendered at once, as helm does:
/// a `fail` or `required` anywhere stops every template. Not checked here (see helm/README.md): .Files, lookup, a real
/// cluster's .Capabilities, values coalescing and schema validation, and the manifests against Kubernetes' schemas.
/// </summary>
public sealed class ChartRenderer
{
    /// <summary>The release name the chart is rendered for; resource names start with it ("tinyunet-worker").</summary>
    public const string ReleaseName = "tinyunet";

    private readonly Lazy<IReadOnlyDictionary<string, string>> rendered;
    private readonly string chartName;

    public ChartRenderer(string chartDirectory, YamlMappingNode values)
    {
        chartName = Path.GetFileName(chartDirectory.TrimEnd('/'));
        string valuesYaml = Serialize(values);
        rendered = new Lazy<IReadOnlyDictionary<string, string>>(() => HelmRender.Render(chartDirectory, valuesYaml, ReleaseName));
    }

    /// <summary>The chart with values.yaml, changed by <paramref name="overrides"/> (as --set would).</summary>
    public static ChartRenderer WithDefaults(Action<YamlMappingNode>? overrides = null)
    {
        YamlMappingNode values = YamlNodes.LoadMapping(RepositoryFiles.Read("helm", "tinyunet", "values.yaml"));
        overrides?.Invoke(values);
        return new ChartRenderer(RepositoryFiles.ChartPath(), values);
    }

    /// <summary>What one template (a file name under templates/) renders to; a <see cref="TemplateFailedException"/> when the chart stops.</summary>
    public string RenderText(string templateName) =>
        rendered.Value.TryGetValue($"{chartName}/templates/{templateName}", out string? text)
            ? text
            : throw new KeyNotFoundException("No template " + templateName);

    /// <summary>The manifests a template renders to (empty documents dropped).</summary>
    public IReadOnlyList<YamlMappingNode> Render(string templateName) =>
        YamlNodes.Load(RenderText(templateName)).Documents
            .Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();

    private static string Serialize(YamlMappingNode values)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(values)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
