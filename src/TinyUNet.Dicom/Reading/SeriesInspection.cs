namespace TinyUNet.Dicom.Reading;

/// <summary>
/// One series as <see cref="SeriesInspector"/> saw it; plain data for JSON. Spacing is (x = between columns,
/// y = between rows, z = between slices) in mm; geometry fields are null when the stack was rejected, and
/// <see cref="SkipReason"/> then says why. No patient attributes.
/// </summary>
public sealed record SeriesInspection
{
    public required string SeriesInstanceUid { get; init; }
    public bool SeriesInstanceUidGenerated { get; init; }
    public string? StudyInstanceUid { get; init; }
    public string? FrameOfReferenceUid { get; init; }
    public required string Modality { get; init; }
    public string? SeriesDescription { get; init; }
    public int? SeriesNumber { get; init; }
    public required IReadOnlyList<string> TransferSyntaxUids { get; init; }
    public int Rows { get; init; }
    public int Columns { get; init; }
    public int SliceCount { get; init; }
    public Vector3? Spacing { get; init; }
    public Vector3? RowDirection { get; init; }
    public Vector3? ColumnDirection { get; init; }
    /// <summary>"axial" when within the selection rules' tilt limit, otherwise "oblique"; null without orientation.</summary>
    public string? Orientation { get; init; }
    public HuStatistics? Hu { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public bool Selected { get; init; }
    public string? SelectionReason { get; init; }
    public string? SkipReason { get; init; }
}
