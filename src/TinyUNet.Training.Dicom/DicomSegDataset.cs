using TinyUNet.Dicom;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Model.Bundles;
using TinyUNet.Training.Data;

namespace TinyUNet.Training.Dicom;

/// <summary>
/// DICOM CT series with a DICOM-SEG each: &lt;root&gt;/&lt;case&gt;/ct/ (the CT instances) and &lt;root&gt;/&lt;case&gt;/seg.dcm.
/// Segments map to model classes by <see cref="SegmentClassResolver"/>; HU are windowed to [0, 1] with the model's
/// channel window, as for NIfTI. Labels of the kept slices are held in memory (one byte per pixel, lesion slices only
/// by default); CT pixels are decoded per sample, so a shuffled epoch never re-reads a whole series.
/// </summary>
public sealed class DicomSegDataset : ISegmentationDataset
{
    public const string CtFolder = "ct";
    public const string SegFile = "seg.dcm";

    // A labelled excerpt of a few slices is still good training data: the worker's minimum series length is about
    // covering the lungs, which does not apply here.
    private static readonly DicomReadingOptions Reading = new() { Selection = new SeriesSelectionRules { MinSliceCount = 1 } };

    private readonly List<(CtSeries Series, int Slice, byte[] Labels)> slices = [];
    private readonly ChannelPreprocessing window;
    private readonly HuVolumeReader pixels = new();
    private readonly int lungClass = -1;

    public DicomSegDataset(DatasetSpec spec, IReadOnlyList<string> classNames, ChannelPreprocessing window)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(classNames);
        this.window = window ?? throw new ArgumentNullException(nameof(window));
        if (!Directory.Exists(spec.Path))
            throw new DatasetException(DatasetErrorKind.NotFound, $"Dataset folder {spec.Path} does not exist.");
        string[] cases = Directory.GetDirectories(spec.Path).Where(IsCase).Order(StringComparer.Ordinal).ToArray();
        if (cases.Length == 0)
            throw new DatasetException(DatasetErrorKind.Empty, $"{spec.Path}: no <case>/{CtFolder}/ + <case>/{SegFile} folders.");

        var resolver = new SegmentClassResolver(spec.ClassMap, classNames);
        int lung = spec.LungField == LungFieldMode.Derive ? ClassMap.IndexOf(classNames, spec.LungClass) : -1;
        var stated = new HashSet<int>();
        var names = new List<string>();
        foreach (string folder in cases)
        {
            var (series, labels, mapped) = ReadCase(folder, resolver);
            stated.UnionWith(mapped);
            if (lung >= 0 && !mapped.Contains(lung)) lungClass = lung;
            for (int z = 0; z < series.Slices.Count; z++)
            {
                Span<byte> slice = labels.Slice(z);
                if (!spec.IncludeEmptySlices && !slice.ContainsAnyExcept((byte)0)) continue;
                slices.Add((series, z, slice.ToArray()));
                names.Add($"{Path.GetFileName(folder)}_z{z:D3}");
            }
        }
        if (slices.Count == 0) throw new DatasetException(DatasetErrorKind.Empty, $"{spec.Path}: no labelled slices.");
        if (lungClass >= 0) stated.Add(lungClass);
        // Background is a statement only when every other class is labelled (or derived) too.
        if (stated.Count == classNames.Count - 1) stated.Add(0);
        LabelledClasses = stated;
        SampleNames = names;
        Description = $"DICOM CT + SEG {spec.Path} ({cases.Length} cases, {slices.Count} slices, window {window.WindowCenter}/{window.WindowWidth} HU)";
    }

    public IReadOnlyList<string> SampleNames { get; }
    public IReadOnlySet<int> LabelledClasses { get; }
    public string Description { get; }
    /// <summary>Slices as stored, which for the axial series this reads is the radiological view.</summary>
    public SliceOrientation? Orientation => SliceOrientation.Radiological;

    /// <summary>Whether a folder has this dataset's case layout (used to detect the format).</summary>
    public static bool IsCase(string folder) =>
        Directory.Exists(Path.Combine(folder, CtFolder)) && File.Exists(Path.Combine(folder, SegFile));

    public SegmentationSample Load(int index)
    {
        var (series, z, stored) = slices[index];
        short[] hu;
        try { hu = pixels.ReadSlice(series, z); }
        catch (DicomReadException e)
        {
            throw new DatasetException(DatasetErrorKind.UnreadableImage, $"{SampleNames[index]}: {e.Message}", e);
        }
        int width = series.Columns, height = series.Rows;
        var intensities = new float[hu.Length];
        for (int i = 0; i < hu.Length; i++) intensities[i] = window.ToUnit(hu[i]);
        byte[] labels = (byte[])stored.Clone();
        if (lungClass >= 0)
        {
            bool[] lung = LungFieldEstimator.Estimate(intensities, labels.Select(l => l != 0).ToArray(), width, height);
            for (int i = 0; i < labels.Length; i++)
                if (lung[i] && labels[i] == 0) labels[i] = (byte)lungClass;
        }
        return new SegmentationSample(SampleNames[index], width, height, intensities, labels);
    }

    private static (CtSeries Series, LabelVolume Labels, HashSet<int> Mapped) ReadCase(string folder, SegmentClassResolver resolver)
    {
        CtSeries series;
        SegmentationReadResult seg;
        try
        {
            series = new CtSeriesReader(Reading).Open([Path.Combine(folder, CtFolder)]).Chosen;
        }
        catch (Exception e) when (e is NoSuitableSeriesException or DicomReadException or SeriesGeometryException)
        {
            throw new DatasetException(DatasetErrorKind.UnreadableImage, $"{folder}: {e.Message}", e);
        }
        try
        {
            seg = new SegmentationReader().Read(Path.Combine(folder, SegFile), series);
        }
        catch (SegmentationReadException e)
        {
            throw new DatasetException(DatasetErrorKind.UnreadableMask, $"{Path.Combine(folder, SegFile)}: {e.Message}", e);
        }

        // Higher class indices are painted last, so a lesion inside a lung segment stays a lesion.
        var labels = new LabelVolume(series.Columns, series.Rows, series.Slices.Count);
        var mapped = new HashSet<int>();
        foreach (var (mask, classIndex) in seg.Segments
                     .Select(s => (s.Mask, Class: resolver.Resolve(s.Segment, Path.Combine(folder, SegFile))))
                     .OrderBy(s => s.Class))
        {
            mapped.Add(classIndex);
            for (int i = 0; i < mask.Voxels.Length; i++)
                if (mask.Voxels[i] != 0) labels.Voxels[i] = (byte)classIndex;
        }
        return (series, labels, mapped);
    }
}
