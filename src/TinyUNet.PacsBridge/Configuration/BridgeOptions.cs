using System.Text.RegularExpressions;
using TinyUNet.Hosting;

namespace TinyUNet.PacsBridge.Configuration;

/// <summary>
/// How the bridge follows the change feed and which series make a study worth segmenting. <see cref="Name"/> keys the
/// cursor in PostgreSQL: two bridges on one database need two names (one per PACS).
/// </summary>
public sealed class BridgeOptions : IValidatedOptions
{
    public const string Section = "Bridge";

    public string Name { get; set; } = "default";
    /// <summary>Pause between polls once the feed is drained.</summary>
    public double PollIntervalSeconds { get; set; } = 5;
    /// <summary>Changes asked for per request (Orthanc caps it at 10,000).</summary>
    public int BatchSize { get; set; } = 100;
    /// <summary>Longest pause between attempts while Orthanc, RabbitMQ or PostgreSQL is failing (doubling from the poll interval).</summary>
    public double MaxBackoffSeconds { get; set; } = 60;
    /// <summary>First start only (no cursor stored yet): skip the PACS's history and begin with changes from now on.</summary>
    public bool StartAtLatestChange { get; set; }
    /// <summary>Qualifying modalities (DICOM Modality, case-insensitive); empty means CT only.</summary>
    public string[] Modalities { get; set; } = [];
    /// <summary>BodyPartExamined allow-list (case-insensitive); empty allows any, including series without one.</summary>
    public string[] BodyParts { get; set; } = [];
    /// <summary>A series qualifies only if its SeriesDescription matches (case-insensitive regex); empty: no condition.</summary>
    public string? IncludeSeriesDescription { get; set; }
    /// <summary>A series whose SeriesDescription matches (case-insensitive regex) never qualifies, e.g. "scout|localizer".</summary>
    public string? ExcludeSeriesDescription { get; set; }

    public IReadOnlyList<string> EffectiveModalities => Modalities.Length == 0 ? ["CT"] : Modalities;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100) yield return $"{Section}:Name is required (at most 100 characters).";
        if (!(PollIntervalSeconds > 0) || PollIntervalSeconds > 3600) yield return $"{Section}:PollIntervalSeconds must be in (0, 3600].";
        if (BatchSize is < 1 or > 10000) yield return $"{Section}:BatchSize must be 1–10000.";
        if (!(MaxBackoffSeconds >= PollIntervalSeconds)) yield return $"{Section}:MaxBackoffSeconds must be at least PollIntervalSeconds.";
        if (Modalities.Any(string.IsNullOrWhiteSpace)) yield return $"{Section}:Modalities entries must not be empty.";
        foreach (var (key, pattern) in new[] { ("IncludeSeriesDescription", IncludeSeriesDescription), ("ExcludeSeriesDescription", ExcludeSeriesDescription) })
            if (!string.IsNullOrEmpty(pattern) && !IsRegex(pattern)) yield return $"{Section}:{key} is not a valid regular expression.";
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
