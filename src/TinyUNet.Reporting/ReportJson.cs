using System.Text.Json;
using System.Text.Json.Serialization;

namespace TinyUNet.Reporting;

/// <summary>JSON for reports: camelCase, enums as strings, nulls kept (a missing volume is explicit), as the API writes it.</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    public static JsonSerializerOptions Create(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
