using TinyUNet.Model.Bundles;

namespace TinyUNet.Training.Data;

/// <summary>Opens the dataset a <see cref="DatasetSpec"/> describes. A DICOM CT + SEG format is added here as one more case.</summary>
public static class DatasetFactory
{
    public static ISegmentationDataset Open(DatasetSpec spec, IReadOnlyList<string> classNames, ChannelPreprocessing window)
    {
        if (!Directory.Exists(spec.Path))
            throw new DatasetException(DatasetErrorKind.NotFound, $"Dataset folder {spec.Path} does not exist.");
        return spec.Format switch
        {
            DatasetFormat.ImageFolder => new ImageFolderDataset(spec, classNames),
            DatasetFormat.Nifti => new NiftiDataset(spec, classNames, window),
            _ => throw new DatasetException(DatasetErrorKind.InvalidConfiguration, $"Unknown dataset format {spec.Format}."),
        };
    }

    /// <summary>Guesses the format from the folder layout (labels/ means NIfTI, masks/ an image folder).</summary>
    public static DatasetFormat Detect(string path) =>
        Directory.Exists(Path.Combine(path, NiftiDataset.LabelsFolder)) ? DatasetFormat.Nifti : DatasetFormat.ImageFolder;
}
