using TinyUNet.Model.Bundles;
using TinyUNet.Training.Imaging;

namespace TinyUNet.Training.Data;

/// <summary>
/// images/*.jpg|png (8-bit, already windowed: gray/255 is the window-relative intensity) with masks/&lt;stem&gt;.png
/// holding raw label values mapped by the class map; optionally a derived lung field.
/// </summary>
public sealed class ImageFolderDataset : ISegmentationDataset
{
    public const string ImagesFolder = "images";
    public const string MasksFolder = "masks";

    private readonly string[] imagePaths;
    private readonly string masksDirectory;
    private readonly ClassMap classMap;
    private readonly int lungClass = -1;
    private readonly int? maskThreshold;
    private readonly IReadOnlyList<string> rotate180Prefixes;
    private readonly IReadOnlyList<ExportWindow> exportWindows;
    private readonly ChannelPreprocessing? modelWindow;

    /// <param name="modelWindow">The model's first channel window: needed only when the spec names export windows.</param>
    public ImageFolderDataset(DatasetSpec spec, IReadOnlyList<string> classNames, ChannelPreprocessing? modelWindow = null)
    {
        string imagesDirectory = System.IO.Path.Combine(spec.Path, ImagesFolder);
        masksDirectory = System.IO.Path.Combine(spec.Path, MasksFolder);
        if (!Directory.Exists(imagesDirectory) || !Directory.Exists(masksDirectory))
            throw new DatasetException(DatasetErrorKind.NotFound,
                $"{spec.Path}: an image-folder dataset needs {ImagesFolder}/ and {MasksFolder}/ folders.");
        imagePaths = SampleOrder.Sort(Directory.EnumerateFiles(imagesDirectory).Where(GrayImageReader.IsImageFile),
            p => System.IO.Path.GetFileNameWithoutExtension(p)).ToArray();
        if (imagePaths.Length == 0)
            throw new DatasetException(DatasetErrorKind.Empty, $"{imagesDirectory}: no .jpg or .png images.");
        foreach (string image in imagePaths)
            if (!File.Exists(MaskPath(image)))
                throw new DatasetException(DatasetErrorKind.MissingMask, $"{image}: no mask {MaskPath(image)}.");

        classMap = new ClassMap(spec.ClassMap, classNames);
        maskThreshold = spec.MaskThreshold;
        rotate180Prefixes = spec.Rotate180Prefixes;
        exportWindows = spec.ExportWindows;
        this.modelWindow = modelWindow;
        if (exportWindows.Count > 0 && modelWindow is null)
            throw new DatasetException(DatasetErrorKind.InvalidConfiguration,
                $"{spec.Path}: export windows need the model's window to map into.");
        if (exportWindows.FirstOrDefault(w => !(w.Width > 0)) is { } flat)
            throw new DatasetException(DatasetErrorKind.InvalidConfiguration,
                $"{spec.Path}: the export window of '{flat.Prefix}' has width {flat.Width}; it must be positive.");
        if (spec.LungField == LungFieldMode.Derive) lungClass = ClassMap.IndexOf(classNames, spec.LungClass);
        LabelledClasses = classMap.StatedClasses(classNames.Count, lungClass >= 0 ? lungClass : null);
        SampleNames = imagePaths.Select(p => System.IO.Path.GetFileNameWithoutExtension(p)).ToArray();
        Description = $"image folder {spec.Path} ({imagePaths.Length} slices, lung field {spec.LungField.ToString().ToLowerInvariant()})";
    }

    public IReadOnlyList<string> SampleNames { get; }
    public IReadOnlySet<int> LabelledClasses { get; }
    public IReadOnlyList<int[]> TargetGroups => classMap.Groups;
    public string Description { get; }

    public SegmentationSample Load(int index)
    {
        string imagePath = imagePaths[index], maskPath = MaskPath(imagePath);
        GrayImage image;
        try { image = GrayImageReader.Read(imagePath); }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new DatasetException(DatasetErrorKind.UnreadableImage, $"{imagePath}: unreadable image ({e.Message}).", e);
        }
        (int Width, int Height, int[] Values) mask;
        try { mask = PngLabelReader.Read(maskPath); }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new DatasetException(DatasetErrorKind.UnreadableMask, $"{maskPath}: unreadable mask ({e.Message}).", e);
        }
        if (mask.Width != image.Width || mask.Height != image.Height)
            throw new DatasetException(DatasetErrorKind.MaskSizeMismatch,
                $"{maskPath}: mask is {mask.Width}×{mask.Height}, image {imagePath} is {image.Width}×{image.Height}.");

        if (maskThreshold is { } threshold)
            for (int i = 0; i < mask.Values.Length; i++) mask.Values[i] = mask.Values[i] > threshold ? 1 : 0;
        byte[] labels = classMap.Apply(mask.Values, maskPath);
        float[] intensities = image.Pixels.Select(p => p / 255f).ToArray();
        if (exportWindows.FirstOrDefault(w => SampleNames[index].StartsWith(w.Prefix, StringComparison.Ordinal)) is { } export)
            ToModelWindow(intensities, export);
        if (rotate180Prefixes.Any(p => SampleNames[index].StartsWith(p, StringComparison.Ordinal)))
        {
            // A 180° turn of a row-major raster is the reversal of its pixel order.
            Array.Reverse(intensities);
            Array.Reverse(labels);
        }
        if (lungClass >= 0) AddLungField(intensities, labels, image.Width, image.Height);
        return new SegmentationSample(SampleNames[index], image.Width, image.Height, intensities, labels);
    }

    /// <summary>From the export's window to the model's: gray → HU → the model's window, clipped as the model clips.</summary>
    private void ToModelWindow(float[] intensities, ExportWindow export)
    {
        double low = export.Center - export.Width / 2;
        for (int i = 0; i < intensities.Length; i++) intensities[i] = modelWindow!.ToUnit(low + intensities[i] * export.Width);
    }

    /// <summary>Class 0 is background by the model's convention; any other labelled class is a lesion inside the lung.</summary>
    private void AddLungField(float[] intensities, byte[] labels, int width, int height)
    {
        bool[] lesion = labels.Select(l => l != 0).ToArray();
        bool[] lung = LungFieldEstimator.Estimate(intensities, lesion, width, height);
        for (int i = 0; i < labels.Length; i++)
            if (lung[i] && labels[i] == 0) labels[i] = (byte)lungClass;
    }

    private string MaskPath(string imagePath) =>
        System.IO.Path.Combine(masksDirectory, System.IO.Path.GetFileNameWithoutExtension(imagePath) + ".png");
}
