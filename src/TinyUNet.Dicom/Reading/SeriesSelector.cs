namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Applies <see cref="SeriesSelectionRules"/> to candidates, builds the geometry of those that pass (so a
/// broken stack is skipped with its reason rather than chosen), and ranks the rest: ORIGINAL\PRIMARY first
/// (if preferred), then most slices, then finest slice spacing, then UID for a deterministic tie-break.
/// </summary>
public sealed class SeriesSelector(SeriesSelectionRules rules, SeriesGeometryBuilder geometry)
{
    public SeriesSelector(DicomReadingOptions options) : this(options.Selection, new SeriesGeometryBuilder(options.Geometry)) { }

    public SeriesSelection Select(IReadOnlyList<SeriesCandidate> candidates, IReadOnlyList<SkippedFile>? skippedFiles = null)
    {
        var skipped = new List<SkippedSeries>();
        var suitable = new List<(SeriesCandidate Candidate, CtSeries Series)>();
        foreach (SeriesCandidate candidate in candidates)
        {
            string? reason = RuleViolation(candidate);
            if (reason is null)
            {
                try
                {
                    suitable.Add((candidate, geometry.Build(candidate)));
                    continue;
                }
                catch (SeriesGeometryException e)
                {
                    reason = e.Reason;
                }
            }
            skipped.Add(new SkippedSeries(candidate.SeriesInstanceUid, candidate.InstanceCount, reason));
        }

        if (suitable.Count == 0)
        {
            IReadOnlyList<SkippedFile> files = skippedFiles ?? [];
            string detail = skipped.Count == 0 ? "no DICOM image series found" : string.Join("; ", skipped.Select(s => $"{s.SeriesInstanceUid}: {s.Reason}"));
            string filesNote = files.Count == 0 ? "" : $"; {files.Count} file(s) skipped, e.g. {files[0].FilePath}: {files[0].Reason}";
            throw new NoSuitableSeriesException($"No suitable CT series: {detail}{filesNote}", skipped, files);
        }

        var ranked = suitable
            .OrderByDescending(s => rules.PreferOriginalPrimary && s.Candidate.Instances.All(i => i.IsOriginalPrimary))
            .ThenByDescending(s => s.Series.Slices.Count)
            .ThenBy(s => s.Series.SliceSpacing)
            .ThenBy(s => s.Series.SeriesInstanceUid, StringComparer.Ordinal)
            .ToArray();
        var (chosenCandidate, chosen) = ranked[0];
        foreach (var (candidate, series) in ranked.Skip(1))
            skipped.Add(new SkippedSeries(candidate.SeriesInstanceUid, candidate.InstanceCount, WhyNotChosen(chosenCandidate, chosen, candidate, series)));

        string reasonChosen = ranked.Length == 1
            ? "the only series that passed the selection rules"
            : $"best of {ranked.Length} suitable series ({Describe(chosenCandidate, chosen)})";
        return new SeriesSelection(chosen, chosenCandidate, reasonChosen, skipped);
    }

    private string? RuleViolation(SeriesCandidate candidate)
    {
        DicomInstance first = candidate.First;
        if (!string.Equals(candidate.Modality, rules.Modality, StringComparison.OrdinalIgnoreCase))
            return $"modality {(candidate.Modality.Length > 0 ? candidate.Modality : "(none)")}, not {rules.Modality}";
        if (candidate.Instances.FirstOrDefault(i => !rules.SopClassUids.Contains(i.SopClassUid)) is { } other)
            return $"SOP class {(other.SopClassUid.Length > 0 ? other.SopClassUid : "(none)")} is not supported ({other.FilePath})";
        if (candidate.Instances.SelectMany(i => i.ImageType)
                .FirstOrDefault(t => rules.ExcludedImageTypes.Contains(t, StringComparer.OrdinalIgnoreCase)) is { } excluded)
            return $"image type {excluded}";
        if (rules.RequireOriginalPrimary && !candidate.Instances.All(i => i.IsOriginalPrimary))
            return "not ORIGINAL\\PRIMARY";
        if (candidate.InstanceCount < rules.MinSliceCount)
            return $"{candidate.InstanceCount} slice(s), fewer than the minimum {rules.MinSliceCount}";
        if (first.RowDirection is { } row && first.ColumnDirection is { } column)
        {
            double tilt = AxialTiltDegrees(row, column);
            if (tilt > rules.MaxAxialTiltDegrees)
                return $"not axial: slice normal is {tilt:0.#}° from the head–feet axis (limit {rules.MaxAxialTiltDegrees}°)";
        }
        return null;
    }

    /// <summary>Angle between the slice normal and the patient z axis, ignoring its sign (feet-first or head-first).</summary>
    public static double AxialTiltDegrees(Vector3 rowDirection, Vector3 columnDirection)
    {
        Vector3 normal = rowDirection.Cross(columnDirection).Normalized();
        return Math.Acos(Math.Clamp(Math.Abs(normal.Z), 0, 1)) * 180 / Math.PI;
    }

    private string WhyNotChosen(SeriesCandidate chosenCandidate, CtSeries chosen, SeriesCandidate candidate, CtSeries series)
    {
        bool chosenOriginal = chosenCandidate.Instances.All(i => i.IsOriginalPrimary);
        bool original = candidate.Instances.All(i => i.IsOriginalPrimary);
        if (rules.PreferOriginalPrimary && chosenOriginal && !original)
            return $"not ORIGINAL\\PRIMARY; {chosen.SeriesInstanceUid} is";
        if (series.Slices.Count < chosen.Slices.Count)
            return $"fewer slices ({series.Slices.Count}) than {chosen.SeriesInstanceUid} ({chosen.Slices.Count})";
        if (series.SliceSpacing > chosen.SliceSpacing)
            return $"coarser slice spacing ({series.SliceSpacing:0.###} mm) than {chosen.SeriesInstanceUid} ({chosen.SliceSpacing:0.###} mm)";
        return $"equally suitable; {chosen.SeriesInstanceUid} wins the UID tie-break";
    }

    private static string Describe(SeriesCandidate candidate, CtSeries series) =>
        $"{(candidate.Instances.All(i => i.IsOriginalPrimary) ? "ORIGINAL\\PRIMARY, " : "")}{series.Slices.Count} slices, {series.SliceSpacing:0.###} mm spacing";
}
