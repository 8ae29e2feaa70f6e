namespace TinyUNet.Dicom.Synthetic;

/// <summary>
/// Size, spacing and content of a synthetic chest CT. Defaults give a small series (128×128×40) that is quick to
/// write and still has every class on several slices. The same options and seed always give the same files.
/// </summary>
public sealed record SyntheticChestCtOptions
{
    public int Rows { get; init; } = 128;
    public int Columns { get; init; } = 128;
    public int Slices { get; init; } = 40;
    /// <summary>Distance between rows (PixelSpacing[0]) in mm.</summary>
    public double RowSpacing { get; init; } = 2.5;
    /// <summary>Distance between columns (PixelSpacing[1]) in mm.</summary>
    public double ColumnSpacing { get; init; } = 2.5;
    /// <summary>Distance between slice positions in mm; SliceThickness is written equal to it.</summary>
    public double SliceSpacing { get; init; } = 5.0;
    public int Seed { get; init; } = 1;
    public int GgoBlobs { get; init; } = 4;
    public int ConsolidationBlobs { get; init; } = 2;
    /// <summary>Standard deviation of the Gaussian noise added to every voxel (HU); 0 gives piecewise-constant images.</summary>
    public double NoiseHu { get; init; } = 15;
    /// <summary>
    /// Abdominal content instead of a chest (a series below the lungs): body, vertebra and bowel-gas pockets, no lung
    /// and no lesion, so the exact truth is "background everywhere". The classes' HU and noise are the chest's.
    /// </summary>
    public bool Abdomen { get; init; }
    public int SeriesNumber { get; init; } = 1;
    public string SeriesDescription { get; init; } = "SYNTHETIC chest CT phantom - not a patient";

    public void Validate()
    {
        if (Rows < 8 || Columns < 8 || Slices < 3)
            throw new ArgumentOutOfRangeException(nameof(Slices), "Need at least 8×8 pixels and 3 slices.");
        if (Rows > 4096 || Columns > 4096) throw new ArgumentOutOfRangeException(nameof(Rows), "At most 4096×4096.");
        if (!(RowSpacing > 0) || !(ColumnSpacing > 0) || !(SliceSpacing > 0))
            throw new ArgumentOutOfRangeException(nameof(SliceSpacing), "Spacings must be positive.");
        if (SeriesDescription.Length > 64) throw new ArgumentOutOfRangeException(nameof(SeriesDescription), "At most 64 characters (LO).");
        if (SeriesNumber is < 0 or > 99999) throw new ArgumentOutOfRangeException(nameof(SeriesNumber), "0–99999.");
        if (GgoBlobs < 0 || ConsolidationBlobs < 0 || NoiseHu < 0)
            throw new ArgumentOutOfRangeException(nameof(GgoBlobs), "Counts and noise must not be negative.");
    }
}
