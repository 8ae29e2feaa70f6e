using System.Text.RegularExpressions;
using TinyUNet.PacsBridge.Configuration;
using TinyUNet.PacsBridge.Orthanc;

namespace TinyUNet.PacsBridge;

/// <summary>
/// Which series of a study are worth segmenting: modality in the list (CT by default), body part in the allow-list
/// when there is one, series description matching the include pattern (if set) and not the exclude pattern (if set).
/// </summary>
internal sealed class SeriesFilter
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private readonly HashSet<string> modalities;
    private readonly HashSet<string> bodyParts;
    private readonly Regex? include;
    private readonly Regex? exclude;

    public SeriesFilter(BridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        modalities = new HashSet<string>(options.EffectiveModalities.Select(m => m.Trim()), StringComparer.OrdinalIgnoreCase);
        bodyParts = new HashSet<string>(options.BodyParts.Select(b => b.Trim()), StringComparer.OrdinalIgnoreCase);
        include = Compile(options.IncludeSeriesDescription);
        exclude = Compile(options.ExcludeSeriesDescription);
    }

    public IReadOnlyList<OrthancSeries> Qualifying(IEnumerable<OrthancSeries> series) => [.. series.Where(Qualifies)];

    public bool Qualifies(OrthancSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Modality is null || !modalities.Contains(series.Modality)) return false;
        if (bodyParts.Count > 0 && (series.BodyPartExamined is null || !bodyParts.Contains(series.BodyPartExamined))) return false;
        string description = series.SeriesDescription ?? "";
        if (include is not null && !include.IsMatch(description)) return false;
        return exclude is null || !exclude.IsMatch(description);
    }

    private static Regex? Compile(string? pattern) => string.IsNullOrEmpty(pattern)
        ? null
        : new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
}
