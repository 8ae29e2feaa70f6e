using TinyUNet.Model.Bundles;

namespace TinyUNet.Training.Data;

/// <summary>
/// A labelled set of 2-D slices, read lazily by index so large volume sets need not sit in memory.
/// Implementations: <see cref="ImageFolderDataset"/> (8-bit windowed images + label PNGs) and
/// <see cref="NiftiDataset"/> (HU volumes + label volumes). A DICOM CT + DICOM-SEG set plugs in the same way:
/// window the HU slices with the same <see cref="TinyUNet.Model.Bundles.ChannelPreprocessing"/> and map segment
/// numbers to class indices.
/// </summary>
public interface ISegmentationDataset
{
    /// <summary>Stable sample names (file stem, or volume stem + slice index); no patient data.</summary>
    IReadOnlyList<string> SampleNames { get; }

    /// <summary>Class indices whose presence and absence the labels state (a derived lung field counts).</summary>
    IReadOnlySet<int> LabelledClasses { get; }

    /// <summary>
    /// Label values past the model's classes stand for groups of classes ("one of these"): member class indices per
    /// group, in order (see <see cref="ClassMap"/>). Empty for fully labelled sets.
    /// </summary>
    IReadOnlyList<int[]> TargetGroups => [];

    /// <summary>
    /// Which way round the slices are stored; null = as the model being trained or evaluated expects (8-bit exports of
    /// its training source). DICOM slices are <see cref="SliceOrientation.Radiological"/>.
    /// </summary>
    SliceOrientation? Orientation => null;

    /// <summary>One line for provenance: format, location, counts.</summary>
    string Description { get; }

    /// <exception cref="DatasetException">The sample's files are unreadable or inconsistent.</exception>
    SegmentationSample Load(int index);
}
