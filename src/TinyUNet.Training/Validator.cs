using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TinyUNet.Training.Losses;
using TinyUNet.Training.Metrics;
using TinyUNet.Training.Tensors;
using static TorchSharp.torch;

namespace TinyUNet.Training;

/// <summary>Validation loss and per-class metrics at input size, eval mode, no augmentation.</summary>
internal sealed class Validator(
    IReadOnlyList<string> classNames, IReadOnlySet<int> labelledClasses, IReadOnlyList<ChannelPreprocessing> channels,
    SegmentationLoss loss, int batchSize)
{
    public (double? Loss, IReadOnlyList<ClassMetrics> Metrics) Run(TinyUNetNetwork network, SliceSet validation, Device device)
    {
        if (validation.Count == 0) return (null, []);
        network.eval();
        using var noGrad = no_grad();
        var metrics = new SegmentationMetrics(classNames);
        double total = 0;
        for (int start = 0; start < validation.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, validation.Count - start);
            Tensor unit = validation.Intensities.narrow(0, start, count).to(device);
            Tensor labels = validation.Labels.narrow(0, start, count).to(ScalarType.Int64).to(device);
            Tensor logits = network.forward(SliceTensors.Normalize(unit, channels));
            total += loss.Compute(logits, labels).item<float>() * count;
            byte[] predicted = logits.argmax(1).to(ScalarType.Byte).cpu().data<byte>().ToArray();
            byte[] truth = labels.to(ScalarType.Byte).cpu().data<byte>().ToArray();
            int pixels = predicted.Length / count;
            for (int i = 0; i < count; i++)
                metrics.Add(predicted.AsSpan(i * pixels, pixels), truth.AsSpan(i * pixels, pixels));
        }
        return (total / validation.Count, metrics.Result(labelledClasses));
    }
}
