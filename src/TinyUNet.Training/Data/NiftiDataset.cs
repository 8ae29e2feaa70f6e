using TinyUNet.Model.Bundles;
using TinyUNet.Training.Nifti;

namespace TinyUNet.Training.Data;

/// <summary>
/// images/*.nii[.gz] (HU) with labels/&lt;same name&gt; (raw label values), one sample per axial slice. HU are windowed
/// to [0, 1] with the model's channel window, so training sees what DICOM input will look like. Rows are flipped
/// (row 0 = highest j) to show RAS-stored volumes anterior-up, as radiological images and the 2-D sets are drawn.
/// </summary>
public sealed class NiftiDataset : ISegmentationDataset
{
    public const string ImagesFolder = "images";
    public const string LabelsFolder = "labels";

    private readonly List<(string Image, string Label, int Z)> slices = [];
    private readonly ClassMap classMap;
    private readonly ChannelPreprocessing window;
    private readonly int lungClass = -1;
    private (string Path, NiftiVolume Volume)? cachedImage, cachedLabel;

    public NiftiDataset(DatasetSpec spec, IReadOnlyList<string> classNames, ChannelPreprocessing window)
    {
        string imagesDirectory = Path.Combine(spec.Path, ImagesFolder), labelsDirectory = Path.Combine(spec.Path, LabelsFolder);
        if (!Directory.Exists(imagesDirectory) || !Directory.Exists(labelsDirectory))
            throw new DatasetException(DatasetErrorKind.NotFound,
                $"{spec.Path}: a NIfTI dataset needs {ImagesFolder}/ and {LabelsFolder}/ folders.");
        this.window = window;
        classMap = new ClassMap(spec.ClassMap, classNames);
        if (spec.LungField == LungFieldMode.Derive) lungClass = ClassMap.IndexOf(classNames, spec.LungClass);
        LabelledClasses = classMap.StatedClasses(classNames.Count, lungClass >= 0 ? lungClass : null);

        string[] images = SampleOrder.Sort(Directory.EnumerateFiles(imagesDirectory).Where(NiftiReader.IsNiftiFile), NiftiReader.Stem).ToArray();
        foreach (string image in images)
        {
            string label = Directory.EnumerateFiles(labelsDirectory).FirstOrDefault(
                l => NiftiReader.IsNiftiFile(l) && NiftiReader.Stem(l) == NiftiReader.Stem(image))
                ?? throw new DatasetException(DatasetErrorKind.MissingMask, $"{image}: no label volume in {labelsDirectory}.");
            NiftiVolume labels = ReadVolume(label, DatasetErrorKind.UnreadableMask);
            for (int z = 0; z < labels.Header.Depth; z++)
                if (spec.IncludeEmptySlices || labels.Slice(z).ContainsAnyExcept(0f)) slices.Add((image, label, z));
        }
        if (slices.Count == 0) throw new DatasetException(DatasetErrorKind.Empty, $"{spec.Path}: no labelled slices.");
        SampleNames = slices.Select(s => $"{NiftiReader.Stem(s.Image)}_z{s.Z:D3}").ToArray();
        Description = $"NIfTI {spec.Path} ({images.Length} volumes, {slices.Count} slices, window {window.WindowCenter}/{window.WindowWidth} HU)";
    }

    public IReadOnlyList<string> SampleNames { get; }
    public IReadOnlySet<int> LabelledClasses { get; }
    public string Description { get; }

    public SegmentationSample Load(int index)
    {
        var (imagePath, labelPath, z) = slices[index];
        NiftiVolume image = Cached(ref cachedImage, imagePath, DatasetErrorKind.UnreadableImage);
        NiftiVolume labels = Cached(ref cachedLabel, labelPath, DatasetErrorKind.UnreadableMask);
        if (image.Header.Width != labels.Header.Width || image.Header.Height != labels.Header.Height
            || image.Header.Depth != labels.Header.Depth)
            throw new DatasetException(DatasetErrorKind.MaskSizeMismatch,
                $"{labelPath}: label volume [{string.Join("×", labels.Header.Dimensions)}] does not match image [{string.Join("×", image.Header.Dimensions)}].");

        int width = image.Header.Width, height = image.Header.Height;
        var intensities = new float[width * height];
        var raw = new int[width * height];
        ReadOnlySpan<float> hu = image.Slice(z), values = labels.Slice(z);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int source = y * width + x, target = (height - 1 - y) * width + x;
                intensities[target] = window.ToUnit(hu[source]);
                raw[target] = (int)MathF.Round(values[source]);
            }
        byte[] mapped = classMap.Apply(raw, $"{labelPath} slice {z}");
        if (lungClass >= 0)
        {
            bool[] lung = LungFieldEstimator.Estimate(intensities, mapped.Select(l => l != 0).ToArray(), width, height);
            for (int i = 0; i < mapped.Length; i++)
                if (lung[i] && mapped[i] == 0) mapped[i] = (byte)lungClass;
        }
        return new SegmentationSample(SampleNames[index], width, height, intensities, mapped);
    }

    private static NiftiVolume Cached(ref (string Path, NiftiVolume Volume)? cache, string path, DatasetErrorKind kind)
    {
        if (cache is { } hit && hit.Path == path) return hit.Volume;
        NiftiVolume volume = ReadVolume(path, kind);
        cache = (path, volume);
        return volume;
    }

    private static NiftiVolume ReadVolume(string path, DatasetErrorKind kind)
    {
        try { return NiftiReader.Read(path); }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new DatasetException(kind, $"{path}: unreadable NIfTI ({e.Message}).", e);
        }
    }
}
