using System.Text.Json;
using System.Text.Json.Serialization;

namespace TinyUNet.Pipeline.Volumetrics;

/// <summary>
/// JSON form of <see cref="VolumetricsReport"/>: camelCase, indented, nulls written (an empty class's mean HU is an
/// explicit null, not a missing field).
/// </summary>
public static class VolumetricsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(VolumetricsReport report) => JsonSerializer.Serialize(report, Options);

    public static VolumetricsReport Deserialize(string json) =>
        JsonSerializer.Deserialize<VolumetricsReport>(json, Options) ?? throw new JsonException("Empty volumetrics report.");
}
