namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Reports every series under some paths: identity, transfer syntaxes, geometry, HU range, warnings, and whether
/// selection would pick it (and why not). Meant for operators checking what a study holds before (or after) a
/// job; it never throws for bad input, it reports it.
/// </summary>
public sealed class SeriesInspector(DicomReadingOptions options)
{
    private readonly DicomDiscovery discovery = new(options);
    private readonly SeriesSelector selector = new(options);
    private readonly SeriesGeometryBuilder geometry = new(options.Geometry);
    private readonly HuVolumeReader pixels = new(options);

    public SeriesInspector() : this(new DicomReadingOptions()) { }

    public InspectionReport Inspect(IReadOnlyList<string> paths, bool includeHu = true, CancellationToken cancellationToken = default)
    {
        DiscoveryResult found = discovery.Discover(paths, cancellationToken);
        IReadOnlyList<SeriesCandidate> candidates = SeriesGrouper.Group(found.Instances);

        SeriesSelection? selection = null;
        IReadOnlyList<SkippedSeries> skipped;
        try
        {
            selection = selector.Select(candidates, found.Skipped);
            skipped = selection.Skipped;
        }
        catch (NoSuitableSeriesException e)
        {
            skipped = e.Skipped;
        }
        var skipReasons = skipped.ToDictionary(s => s.SeriesInstanceUid, s => s.Reason, StringComparer.Ordinal);

        var series = candidates.Select(c =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool selected = selection?.Chosen.SeriesInstanceUid == c.SeriesInstanceUid;
            return Describe(c, selected, selected ? selection!.Reason : null, skipReasons.GetValueOrDefault(c.SeriesInstanceUid),
                includeHu, cancellationToken);
        }).ToArray();

        return new InspectionReport(paths, selection?.Chosen.SeriesInstanceUid, series,
            found.Skipped.Select(s => new SkippedFileReport(s.FilePath, s.Reason, s.Error.GetType().Name)).ToArray());
    }

    private SeriesInspection Describe(SeriesCandidate candidate, bool selected, string? selectionReason, string? skipReason,
        bool includeHu, CancellationToken cancellationToken)
    {
        DicomInstance first = candidate.First;
        var warnings = new List<string>(candidate.Warnings);
        CtSeries? ct = null;
        try
        {
            ct = geometry.Build(candidate);
            warnings = [.. ct.Warnings];
        }
        catch (SeriesGeometryException e)
        {
            warnings.Add("Geometry: " + e.Reason);
        }

        HuStatistics? hu = null;
        if (ct is not null && includeHu)
        {
            try
            {
                hu = HuStatistics.Of(pixels.Read(ct, null, cancellationToken));
            }
            catch (DicomReadException e)
            {
                warnings.Add($"Pixels: {e.Reason} ({e.FilePath})");
            }
        }

        string? orientation = first.RowDirection is { } r && first.ColumnDirection is { } c
            ? SeriesSelector.AxialTiltDegrees(r, c) <= options.Selection.MaxAxialTiltDegrees ? "axial" : "oblique"
            : null;
        return new SeriesInspection
        {
            SeriesInstanceUid = candidate.SeriesInstanceUid,
            SeriesInstanceUidGenerated = candidate.UidGenerated,
            StudyInstanceUid = ct?.StudyInstanceUid ?? NullIfEmpty(first.StudyInstanceUid),
            FrameOfReferenceUid = NullIfEmpty(first.FrameOfReferenceUid),
            Modality = candidate.Modality,
            SeriesDescription = first.SeriesDescription,
            SeriesNumber = first.SeriesNumber,
            TransferSyntaxUids = candidate.TransferSyntaxUids,
            Rows = first.Rows,
            Columns = first.Columns,
            SliceCount = candidate.InstanceCount,
            Spacing = ct is null ? null : new Vector3(ct.ColumnSpacing, ct.RowSpacing, ct.SliceSpacing),
            RowDirection = first.RowDirection,
            ColumnDirection = first.ColumnDirection,
            Orientation = orientation,
            Hu = hu,
            Warnings = warnings,
            Selected = selected,
            SelectionReason = selectionReason,
            SkipReason = selected ? null : skipReason,
        };
    }

    private static string? NullIfEmpty(string value) => value.Length > 0 ? value : null;
}
