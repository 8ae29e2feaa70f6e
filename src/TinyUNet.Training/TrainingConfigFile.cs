using System.Text.Json;
using System.Text.Json.Serialization;
using TinyUNet.Training.Data;

namespace TinyUNet.Training;

/// <summary>Reads and writes <see cref="TrainingConfig"/> as camelCase JSON (enums as kebab-case strings).</summary>
public static class TrainingConfigFile
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Relative dataset paths are resolved against the config file's folder.</summary>
    public static TrainingConfig Read(string path)
    {
        TrainingConfig? config;
        try { config = JsonSerializer.Deserialize<TrainingConfig>(File.ReadAllText(path), Options); }
        catch (JsonException e)
        {
            throw new DatasetException(DatasetErrorKind.InvalidConfiguration, $"{path}: {e.Message}", e);
        }
        if (config is null) throw new DatasetException(DatasetErrorKind.InvalidConfiguration, $"{path}: empty.");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return config with { Dataset = config.Dataset with { Path = Path.GetFullPath(Path.Combine(folder, config.Dataset.Path)) } };
    }

    public static string Serialize(TrainingConfig config) => JsonSerializer.Serialize(config, Options);
}
