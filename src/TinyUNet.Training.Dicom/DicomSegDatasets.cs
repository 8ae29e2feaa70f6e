using TinyUNet.Training.Data;

namespace TinyUNet.Training.Dicom;

/// <summary>Plugs <see cref="DicomSegDataset"/> into <see cref="DatasetFactory"/> for the verbs that open datasets.</summary>
public static class DicomSegDatasets
{
    public static IReadOnlyDictionary<DatasetFormat, DatasetFactory.Opener> Openers { get; } =
        new Dictionary<DatasetFormat, DatasetFactory.Opener>
        {
            [DatasetFormat.DicomSeg] = (spec, classNames, window) => new DicomSegDataset(spec, classNames, window),
        };

    /// <summary><see cref="DatasetFactory.Detect"/>, plus the DICOM layout (case folders with ct/ and seg.dcm).</summary>
    public static DatasetFormat Detect(string path) =>
        Directory.Exists(path) && Directory.EnumerateDirectories(path).Any(DicomSegDataset.IsCase)
            ? DatasetFormat.DicomSeg
            : DatasetFactory.Detect(path);
}
