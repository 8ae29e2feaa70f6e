using System.Text.Json;

namespace TinyUNet.Cli;

/// <summary>JSON written on stdout by the verbs (camelCase, indented).</summary>
public static class CliJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
