using System.Globalization;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Groups instances by SeriesInstanceUID. Instances without one still form series: those sharing Frame of
/// Reference, orientation (rounded to 1e-4; +0.0 folds -0 into 0 so both print alike) and rows × columns, under a generated 2.25 UID and a warning.
/// Duplicate copies of one SOP instance are kept once, with a warning.
/// </summary>
public static class SeriesGrouper
{
    public static IReadOnlyList<SeriesCandidate> Group(IEnumerable<DicomInstance> instances)
    {
        var candidates = new List<SeriesCandidate>();
        foreach (var group in instances.GroupBy(KeyOf, StringComparer.Ordinal))
        {
            var warnings = new List<string>();
            var members = new List<DicomInstance>();
            var seenSop = new HashSet<string>(StringComparer.Ordinal);
            foreach (var instance in group.OrderBy(i => i.FilePath, StringComparer.Ordinal))
            {
                if (instance.SopInstanceUid.Length > 0 && !seenSop.Add(instance.SopInstanceUid))
                    warnings.Add($"Duplicate SOP instance {instance.SopInstanceUid} ignored ({instance.FilePath}).");
                else
                    members.Add(instance);
            }

            bool generated = group.Key.StartsWith("generated|", StringComparison.Ordinal);
            string uid = generated ? DicomUidGenerator.FromKey(group.Key) : group.Key;
            if (generated)
                warnings.Add($"SeriesInstanceUID missing in {members.Count} instance(s): grouped by Frame of Reference " +
                             $"{DisplayUid(members[0].FrameOfReferenceUid)}, orientation and matrix size; generated UID {uid}.");
            int fromMeta = members.Count(m => m.SopUidsFromFileMeta);
            if (fromMeta > 0)
                warnings.Add($"SOP Class/Instance UID missing from the dataset in {fromMeta} instance(s): file meta values used.");
            if (members.Any(m => m.StudyInstanceUid.Length == 0))
                warnings.Add("StudyInstanceUID missing in some instances: a UID derived from the Frame of Reference is used.");
            candidates.Add(new SeriesCandidate(uid, generated, members, warnings));
        }
        return candidates.OrderBy(c => c.SeriesInstanceUid, StringComparer.Ordinal).ToArray();
    }

    private static string KeyOf(DicomInstance instance)
    {
        if (instance.SeriesInstanceUid.Length > 0) return instance.SeriesInstanceUid;
        string orientation = instance.RowDirection is { } r && instance.ColumnDirection is { } c
            ? string.Join(",", new[] { r.X, r.Y, r.Z, c.X, c.Y, c.Z }.Select(v => (Math.Round(v, 4) + 0.0).ToString("0.0000", CultureInfo.InvariantCulture)))
            : "none";
        return $"generated|{instance.FrameOfReferenceUid}|{orientation}|{instance.Rows}x{instance.Columns}";
    }

    private static string DisplayUid(string uid) => uid.Length > 0 ? uid : "(none)";
}
