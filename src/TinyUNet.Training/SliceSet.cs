using TinyUNet.Training.Data;
using TinyUNet.Training.Tensors;
using static TorchSharp.torch;

namespace TinyUNet.Training;

/// <summary>
/// Slices resized once to the input size and kept on the CPU: [N, 1, S, S] intensities and [N, S, S] uint8 labels.
/// Decoding and lung derivation then happen once per run, not once per epoch.
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

    public static SliceSet Load(ISegmentationDataset dataset, IReadOnlyList<int> indices, int size)
    {
        using var scope = NewDisposeScope();
        var images = new List<Tensor>();
        var labels = new List<Tensor>();
        var names = new List<string>();
        foreach (int index in indices)
        {
            SegmentationSample sample = dataset.Load(index);
            images.Add(SliceTensors.ResizeIntensities(sample.Intensities, sample.Width, sample.Height, size));
            labels.Add(SliceTensors.ResizeLabels(sample.Labels, sample.Width, sample.Height, size).unsqueeze(0));
            names.Add(sample.Name);
        }
        Tensor i = images.Count > 0 ? cat(images, 0) : zeros(0, 1, size, size);
        Tensor l = labels.Count > 0 ? cat(labels, 0) : zeros(new long[] { 0, size, size }, ScalarType.Byte);
        return new SliceSet(i.MoveToOuterDisposeScope(), l.MoveToOuterDisposeScope(), names);
    }

    public void Dispose()
    {
        Intensities.Dispose();
        Labels.Dispose();
    }
}
