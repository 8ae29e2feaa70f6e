using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TinyUNet.Deployment.Tests.Support;

/// <summary>Block-style YAML for a values subtree: what the renderer's `toYaml` writes.</summary>
public static class YamlEmitter
{
    public static IEnumerable<string> Emit(YamlNode node, int indent)
    {
        string pad = new(' ', indent);
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach ((YamlNode key, YamlNode value) in mapping.Children)
                {
                    string head = pad + ((YamlScalarNode)key).Value + ":";
                    if (Inline(value) is { } inline) yield return head + " " + inline;
                    else
                    {
                        yield return head;
                        foreach (string line in Emit(value, indent + 2)) yield return line;
                    }
                }
                break;
            case YamlSequenceNode sequence:
                foreach (YamlNode item in sequence.Children)
                {
                    if (Inline(item) is { } inline) { yield return pad + "- " + inline; continue; }
                    bool first = true;
                    foreach (string line in Emit(item, indent + 2))
                    {
                        yield return first ? pad + "- " + line[(indent + 2)..] : line;
                        first = false;
                    }
                }
                break;
            default:
                yield return pad + Inline(node);
                break;
        }
    }

    private static string? Inline(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false" || double.TryParse(s.Value, out _) => s.Value,
        YamlScalarNode s => JsonSerializer.Serialize(s.Value ?? ""),
        YamlMappingNode { Children.Count: 0 } => "{}",
        YamlSequenceNode { Children.Count: 0 } => "[]",
        _ => null,
    };
}
