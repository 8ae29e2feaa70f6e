using System.Globalization;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Training.Data;

namespace TinyUNet.Training.Dicom;

/// <summary>
/// Segment → model class. The dataset's class map may name a segment by number ("segment:3"), by its Segmented
/// Property Type code ("DCM:112120") or by its label ("Ground glass opacity"); segments it does not name fall back to
/// the codes the COVID SEGs use (lung 39607008, GGO 112120, consolidation 95436008), whichever tool wrote them.
/// Plain numbers are the image formats' raw label values (the default map's "1" = GGO) and mean nothing for a SEG,
/// whose segment numbers differ by tool. Anything unmapped is an error: a segment is never silently dropped.
/// </summary>
public sealed class SegmentClassResolver
{
    private static readonly Dictionary<string, string> CodedDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        [Key(CovidSegments.Lung)] = "lung",
        [Key(CovidSegments.GroundGlassOpacityCode)] = "ggo",
        [Key(CovidSegments.LungConsolidationCode)] = "consolidation",
    };

    private readonly IReadOnlyDictionary<string, string> classMap;
    private readonly IReadOnlyList<string> classNames;

    public SegmentClassResolver(IReadOnlyDictionary<string, string> classMap, IReadOnlyList<string> classNames)
    {
        this.classMap = classMap.Where(kv => !int.TryParse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        this.classNames = classNames;
    }

    public int Resolve(SegmentDescription segment, string source)
    {
        ArgumentNullException.ThrowIfNull(segment);
        string? name = Find(classMap, "segment:" + segment.Number.ToString(CultureInfo.InvariantCulture))
            ?? Find(classMap, Key(segment.Type)) ?? Find(classMap, segment.Label) ?? Find(CodedDefaults, Key(segment.Type))
            ?? throw new DatasetException(DatasetErrorKind.UnknownClassValue,
                $"{source}: segment {segment.Number} ('{segment.Label}', {Key(segment.Type)}) is not in the class map.");
        int index = ClassMap.IndexOf(classNames, name);
        if (index == 0)
            throw new DatasetException(DatasetErrorKind.InvalidConfiguration, $"{source}: segment {segment.Number} maps to the background class.");
        return index;
    }

    private static string? Find(IReadOnlyDictionary<string, string> map, string key) => map.TryGetValue(key, out string? v) ? v : null;

    private static string Key(CodedConcept code) => $"{code.Scheme}:{code.Value}";
}
