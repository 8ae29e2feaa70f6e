using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Synthetic;

namespace TinyUNet.Dicom.Tests.Support;

/// <summary>Writer options and small synthetic inputs shared by the SEG tests.</summary>
public static class SegFixtures
{
    public static SegmentationWriterOptions Options => new()
    {
        AlgorithmName = "TinyU-Net",
        AlgorithmVersion = new string('a', 64),
        SoftwareVersion = "0.1.0-test",
    };

    /// <summary>A synthetic series on disk plus the four COVID masks; 13×11 makes frames end mid-byte.</summary>
    public static (SyntheticChestCtResult Truth, IReadOnlyList<SegmentMask> Masks) Synthetic(
        string folder, int columns = 13, int rows = 11, int slices = 9, int seed = 7)
    {
        var truth = new SyntheticChestCtGenerator().Write(folder, new SyntheticChestCtOptions
        {
            Columns = columns,
            Rows = rows,
            Slices = slices,
            RowSpacing = 300.0 / rows,
            ColumnSpacing = 300.0 / columns,
            SliceSpacing = 200.0 / slices,
            Seed = seed,
            GgoBlobs = 3,
            ConsolidationBlobs = 2,
        });
        return (truth, truth.ToSegmentMasks());
    }
}
