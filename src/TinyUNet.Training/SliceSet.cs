using TinyUNet.Model.Bundles;
using TinyUNet.Model.Framing;
using TinyUNet.Training.Data;
using TinyUNet.Training.Tensors;
using static TorchSharp.torch;

namespace TinyUNet.Training;

/// <summary>
/// Slices resized once to the input size and kept on the CPU: [N, 1, S, S] intensities and [N, S, S] uint8 labels.
/// Decoding and lung derivation then happen once per run, not once per epoch. With a body threshold each slice is
/// first cropped to its body box, exactly as inference frames a slice (<see cref="BodyBox"/>).
/// </summary>
internal sealed class SliceSet : IDisposable
{
    private SliceSet(Tensor intensities, Tensor labels, IReadOnlyList<string> names)
    {
        Intensities = intensities;
        Labels = labels;
        Names = names;
    }

    public Tensor Intensities { get; }
    public Tensor Labels { get; }
    public IReadOnlyList<string> Names { get; }
    public int Count => Names.Count;

    /// <param name="bodyThreshold">Window-relative intensity ([0, 1]) above which a pixel is body; null = no crop.</param>
    /// <param name="orientation">The model's orientation; samples stored otherwise (DICOM) are turned to it.</param>
    public static SliceSet Load(ISegmentationDataset dataset, IReadOnlyList<int> indices, int size, float? bodyThreshold = null,
        SliceOrientation? orientation = null)
    {
        using var scope = NewDisposeScope();
        var images = new List<Tensor>();
        var labels = new List<Tensor>();
        var names = new List<string>();
        foreach (int index in indices)
        {
            SegmentationSample sample = dataset.Load(index);
            if (dataset.Orientation is { } stored && orientation is { } model && stored != model)
                sample = Turn(sample, InPlaneTransform.Between(stored, model));
            if (bodyThreshold is { } threshold) sample = CropToBody(sample, threshold);
            images.Add(SliceTensors.ResizeIntensities(sample.Intensities, sample.Width, sample.Height, size));
            labels.Add(SliceTensors.ResizeLabels(sample.Labels, sample.Width, sample.Height, size).unsqueeze(0));
            names.Add(sample.Name);
        }
        Tensor i = images.Count > 0 ? cat(images, 0) : zeros(0, 1, size, size);
        Tensor l = labels.Count > 0 ? cat(labels, 0) : zeros(new long[] { 0, size, size }, ScalarType.Byte);
        return new SliceSet(i.MoveToOuterDisposeScope(), l.MoveToOuterDisposeScope(), names);
    }

    private static SegmentationSample Turn(SegmentationSample sample, InPlaneTransform transform)
    {
        var (rows, columns) = transform.Shape(sample.Height, sample.Width);
        return sample with
        {
            Width = columns,
            Height = rows,
            Intensities = transform.Apply(sample.Intensities, sample.Height, sample.Width),
            Labels = transform.Apply(sample.Labels, sample.Height, sample.Width),
        };
    }

    private static SegmentationSample CropToBody(SegmentationSample sample, float threshold)
    {
        PixelBox box = BodyBox.Find(sample.Intensities, sample.Width, sample.Height, threshold);
        if (box.IsWhole(sample.Width, sample.Height)) return sample;
        return sample with
        {
            Width = box.Width,
            Height = box.Height,
            Intensities = box.Crop(sample.Intensities, sample.Width),
            Labels = box.Crop(sample.Labels, sample.Width),
        };
    }

    public void Dispose()
    {
        Intensities.Dispose();
        Labels.Dispose();
    }
}
