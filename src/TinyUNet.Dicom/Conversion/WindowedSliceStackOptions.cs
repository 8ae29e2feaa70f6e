namespace TinyUNet.Dicom.Conversion;

/// <summary>
/// What a windowed slice export no longer says and a CT series must: the window that made the 8-bit values, the
/// spacing, the canvas, which way the slices face and run, and an identity. Stated, not measured: a sample's
/// `sample.json` names them (System.Text.Json binds this record), and the series' Derivation Description repeats the window.
/// </summary>
public sealed record WindowedSliceStackOptions
{
    public double WindowCenter { get; init; }
    public double WindowWidth { get; init; }
    public double PixelSpacingMm { get; init; }
    public double SliceSpacingMm { get; init; }
    public int CanvasRows { get; init; } = 512;
    public int CanvasColumns { get; init; } = 512;
    /// <summary>True when the slices are the radiological view transposed (anterior at the left), as COVID-SemiSeg exports them.</summary>
    public bool Transposed { get; init; }
    /// <summary>True when the first slice is the most inferior (feet end).</summary>
    public bool FirstSliceInferior { get; init; } = true;
    /// <summary>Name the UIDs are derived from: the same name, the same study, series and instances.</summary>
    public required string UidName { get; init; }
    public required string PatientName { get; init; }
    public required string PatientId { get; init; }
    public required string StudyDate { get; init; }
    public required string StudyDescription { get; init; }
    public required string SeriesDescription { get; init; }

    /// <summary>The HU that gray value 0 stands for.</summary>
    public double WindowBottom => WindowCenter - WindowWidth / 2;

    public void Validate()
    {
        if (!(WindowWidth > 0)) throw new ArgumentOutOfRangeException(nameof(WindowWidth), "The window width must be positive.");
        if (!(PixelSpacingMm > 0) || !(SliceSpacingMm > 0))
            throw new ArgumentOutOfRangeException(nameof(PixelSpacingMm), "Spacings must be positive.");
        if (CanvasRows is < 8 or > 4096 || CanvasColumns is < 8 or > 4096)
            throw new ArgumentOutOfRangeException(nameof(CanvasRows), "The canvas must be 8–4096 pixels a side.");
        if (!DateOnly.TryParseExact(StudyDate, "yyyyMMdd", out _))
            throw new ArgumentException($"StudyDate '{StudyDate}' is not a DICOM date (YYYYMMDD).", nameof(StudyDate));
        foreach (var (name, value) in new[] { (nameof(PatientId), PatientId), (nameof(StudyDescription), StudyDescription), (nameof(SeriesDescription), SeriesDescription) })
            if (value.Length > 64) throw new ArgumentException($"{name} has more than 64 characters (LO).", name);
    }
}
