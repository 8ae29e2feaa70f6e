using YamlDotNet.RepresentationModel;

namespace TinyUNet.Deployment.Tests.Support;

/// <summary>Small lookups over YamlDotNet's representation model, so assertions read as paths.</summary>
public static class YamlNodes
{
    public static YamlStream Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream;
    }

    public static YamlMappingNode LoadMapping(string text) =>
        Load(text).Documents.Single().RootNode as YamlMappingNode ?? throw new InvalidDataException("Root is not a mapping.");

    /// <summary>The node at a path of mapping keys ("spec", "template", …), or null where any step is missing.</summary>
    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (string key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current)) return null;
        }
        return current;
    }

    public static string? ScalarAt(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static string RequiredScalar(this YamlNode node, params string[] path) =>
        node.ScalarAt(path) ?? throw new KeyNotFoundException("No scalar at " + string.Join('.', path));

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>Sets (or adds) a scalar at a path of existing mappings: test-side value overrides, like --set.</summary>
    public static void Set(this YamlMappingNode root, string dottedPath, string value)
    {
        string[] keys = dottedPath.Split('.');
        YamlMappingNode parent = root.At(keys[..^1]) as YamlMappingNode ?? throw new KeyNotFoundException(dottedPath);
        parent.Children[new YamlScalarNode(keys[^1])] = new YamlScalarNode(value);
    }
}
