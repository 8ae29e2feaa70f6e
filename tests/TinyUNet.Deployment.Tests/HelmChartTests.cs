using System.Text.RegularExpressions;
using TinyUNet.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace TinyUNet.Deployment.Tests;

/// <summary>Chart.yaml, values.yaml and the values the templates refer to.</summary>
public sealed partial class HelmChartTests
{
    private static YamlMappingNode Values => YamlNodes.LoadMapping(RepositoryFiles.Read("helm", "tinyunet", "values.yaml"));

    [Fact]
    public void ChartYaml_HasTheFieldsHelmRequires()
    {
        YamlMappingNode chart = YamlNodes.LoadMapping(RepositoryFiles.Read("helm", "tinyunet", "Chart.yaml"));

        Assert.Equal("v2", chart.ScalarAt("apiVersion"));
        Assert.Equal("tinyunet", chart.ScalarAt("name"));
        Assert.Equal("application", chart.ScalarAt("type"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", chart.RequiredScalar("version"));
        Assert.False(string.IsNullOrWhiteSpace(chart.ScalarAt("appVersion")));
        Assert.False(string.IsNullOrWhiteSpace(chart.ScalarAt("description")));
    }

    [Fact]
    public void ValuesYaml_ParsesAndHoldsNoSecrets()
    {
        YamlMappingNode values = Values;

        Assert.Equal("", values.ScalarAt("secrets", "existingSecret"));
        YamlMappingNode secretValues = Assert.IsType<YamlMappingNode>(values.At("secrets", "values"));
        Assert.All(secretValues.Children.Values, v => Assert.Equal("", ((YamlScalarNode)v).Value));
    }

    [Fact]
    public void ValuesYaml_EveryValueIsDocumented()
    {
        // A value is documented by a comment right above its own line or above one of its parents (a whole block,
        // such as podSecurityContext, may be described once).
        string[] lines = RepositoryFiles.Read("helm", "tinyunet", "values.yaml").Split('\n');
        var undocumented = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match leaf = LeafValueLine().Match(lines[i]);
            if (!leaf.Success) continue;
            bool documented = false;
            for (int line = i; line >= 0 && !documented; line = Parent(lines, line))
                documented = line > 0 && lines[line - 1].TrimStart().StartsWith('#');
            if (!documented) undocumented.Add(leaf.Groups["key"].Value + " (line " + (i + 1) + ")");
        }
        Assert.Empty(undocumented);
    }

    private static int Parent(string[] lines, int line)
    {
        int indent = Indent(lines[line]);
        for (int above = line - 1; above >= 0; above--)
        {
            string trimmed = lines[above].TrimStart();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#') && Indent(lines[above]) < indent) return above;
        }
        return -1;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    [Fact]
    public void Templates_EveryValuesReferenceExistsInValuesYaml()
    {
        YamlMappingNode values = Values;
        var missing = new SortedSet<string>();
        int references = 0;
        foreach (string file in Directory.GetFiles(RepositoryFiles.ChartPath("templates")))
        {
            foreach (Match reference in ValuesReference().Matches(File.ReadAllText(file)))
            {
                references++;
                string path = reference.Groups[1].Value.TrimEnd('.');
                if (values.At(path.Split('.')) is null) missing.Add(Path.GetFileName(file) + ": .Values." + path);
            }
        }
        Assert.True(references > 50, $"only {references} .Values references found: is the regex still right?");
        Assert.Empty(missing);
    }

    [Fact]
    public void HelmReadme_ValuesTableCoversEveryValueTheTemplatesUse()
    {
        string readme = RepositoryFiles.Read("helm", "README.md");
        var undocumented = new SortedSet<string>();
        foreach (string file in Directory.GetFiles(RepositoryFiles.ChartPath("templates")))
        {
            foreach (Match reference in ValuesReference().Matches(File.ReadAllText(file)))
            {
                string[] keys = reference.Groups[1].Value.TrimEnd('.').Split('.');
                // The value itself or the block it belongs to (e.g. `worker.resources`) is a row of the table.
                bool listed = Enumerable.Range(1, keys.Length).Any(n => readme.Contains("| `" + string.Join('.', keys[..n]) + "` |", StringComparison.Ordinal));
                if (!listed) undocumented.Add(string.Join('.', keys));
            }
        }
        Assert.Empty(undocumented);
    }

    [Fact]
    public void Templates_ValuesCheckWouldCatchAMissingValue()
    {
        // The check above is only worth something if it fails on a real miss.
        Assert.Null(Values.At("worker", "gpu", "countt"));
        Assert.NotNull(Values.At("worker", "gpu", "count"));
    }

    // A key with a scalar or flow value on the same line (not a parent of a block).
    [GeneratedRegex(@"^\s*(?<key>[A-Za-z][\w-]*):\s+(?!#)\S")]
    private static partial Regex LeafValueLine();

    [GeneratedRegex(@"\.Values\.([A-Za-z_][\w.]*)")]
    private static partial Regex ValuesReference();
}
