using TorchSharp;
using TinyUNet.Model.Weights;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>What a parity run found: the largest absolute difference from the reference output.</summary>
public sealed record ParityResult(int InChannels, int NumClasses, long[] InputShape, double MaxAbsDiff, double MeanAbsDiff,
    string Device, bool Fused);

/// <summary>
/// Proves a checkpoint reproduces reference outputs: loads official-repo weights into our TinyU-Net, runs the
/// reference `input` in eval mode and compares with the reference `output` (both from one safetensors file).
/// </summary>
public static class ParityCheck
{
    public static ParityResult Run(string weightsPath, string ioPath, int? inChannels = null, int? numClasses = null,
        Device? device = null, bool fused = false)
    {
        device ??= CPU;
        Dictionary<string, Tensor> io = StateDictFile.Read(ioPath);
        try
        {
            Tensor input = Require(io, "input", ioPath);
            Tensor expected = Require(io, "output", ioPath);
            if (input.dim() != 4 || expected.dim() != 4)
                throw new ModelWeightsException($"{ioPath}: 'input' and 'output' must be 4-D [N, C, H, W].");

            int channels = inChannels ?? (int)input.shape[1];
            int classes = numClasses ?? (int)expected.shape[1];
            using var network = new TinyUNetNetwork(channels, classes);
            StateDictLoader.LoadStrict(network, weightsPath);

            network.eval();
            if (fused) network.FuseForInference();
            network.to(device);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            Tensor actual = network.forward(input.to(float32).to(device)).cpu();
            if (!actual.shape.SequenceEqual(expected.shape))
                throw new ModelWeightsException(
                    $"Output shape [{string.Join(", ", actual.shape)}] differs from the reference [{string.Join(", ", expected.shape)}].");
            Tensor diff = actual.Minus(expected.to(float32)).abs();
            return new ParityResult(channels, classes, input.shape, diff.max().item<float>(), diff.mean().item<float>(),
                device.ToString(), fused);
        }
        finally
        {
            foreach (Tensor t in io.Values) t.Dispose();
        }
    }

    private static Tensor Require(Dictionary<string, Tensor> io, string key, string path) =>
        io.TryGetValue(key, out Tensor? tensor)
            ? tensor
            : throw new ModelWeightsException($"{path} has no tensor named '{key}'.", key);
}
