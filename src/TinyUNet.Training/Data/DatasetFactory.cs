using TinyUNet.Model.Bundles;

namespace TinyUNet.Training.Data;

/// <summary>
/// Opens the dataset a <see cref="DatasetSpec"/> describes. Formats implemented elsewhere (DICOM CT + SEG, which needs
/// the DICOM layer) come in as <paramref name="openers"/>: spec, class names and the HU window → dataset.
/// </summary>
public static class DatasetFactory
{
    public delegate ISegmentationDataset Opener(DatasetSpec spec, IReadOnlyList<string> classNames, ChannelPreprocessing window);

    public static ISegmentationDataset Open(DatasetSpec spec, IReadOnlyList<string> classNames, ChannelPreprocessing window,
        IReadOnlyDictionary<DatasetFormat, Opener>? openers = null)
    {
        if (openers is not null && openers.TryGetValue(spec.Format, out Opener? opener)) return opener(spec, classNames, window);
        if (!Directory.Exists(spec.Path))
            throw new DatasetException(DatasetErrorKind.NotFound, $"Dataset folder {spec.Path} does not exist.");
        return spec.Format switch
        {
            DatasetFormat.ImageFolder => new ImageFolderDataset(spec, classNames, window),
            DatasetFormat.Nifti => new NiftiDataset(spec, classNames, window),
            _ => throw new DatasetException(DatasetErrorKind.InvalidConfiguration,
                $"Dataset format {spec.Format} needs an opener from the project that implements it (DICOM: beside the DICOM layer)."),
        };
    }

    /// <summary>Guesses the format from the folder layout (labels/ means NIfTI, masks/ an image folder).</summary>
    public static DatasetFormat Detect(string path) =>
        Directory.Exists(Path.Combine(path, NiftiDataset.LabelsFolder)) ? DatasetFormat.Nifti : DatasetFormat.ImageFolder;
}
