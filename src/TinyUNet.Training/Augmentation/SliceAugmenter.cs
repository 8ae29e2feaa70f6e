using TinyUNet.Model;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TinyUNet.Training.Augmentation;

/// <summary>
/// Random affine (flip, rotation, scale, shift) applied identically to intensities (bilinear) and labels (nearest),
/// then intensity jitter on the image only. Parameters come from the caller's <see cref="Random"/>, so a seed
/// (plus the epoch) reproduces a run; outside the image is padded with 0 (air at the window bottom, background).
/// </summary>
public sealed class SliceAugmenter(AugmentationOptions options)
{
    /// <param name="unit">[B, 1, H, W] intensities in [0, 1].</param>
    /// <param name="labels">[B, H, W] class indices (any integer type).</param>
    public (Tensor Unit, Tensor Labels) Apply(Tensor unit, Tensor labels, Random random)
    {
        if (!options.Enabled) return (unit.alias(), labels.to(ScalarType.Int64));
        using var scope = NewDisposeScope();
        long batch = unit.shape[0];
        var theta = new float[batch * 6];
        var gains = new float[batch];
        var offsets = new float[batch];
        for (int b = 0; b < batch; b++)
        {
            double angle = Uniform(random, options.MaxRotationDegrees) * Math.PI / 180;
            double scale = 1 + Uniform(random, options.MaxScaleChange);
            double flip = random.NextDouble() < options.HorizontalFlipProbability ? -1 : 1;
            double cos = Math.Cos(angle) / scale, sin = Math.Sin(angle) / scale;
            // theta maps output coordinates to input coordinates; negating its first column mirrors left–right.
            float[] row = [(float)(cos * flip), (float)(-sin), (float)Uniform(random, 2 * options.MaxTranslation),
                           (float)(sin * flip), (float)cos, (float)Uniform(random, 2 * options.MaxTranslation)];
            row.CopyTo(theta, b * 6);
            gains[b] = (float)(1 + Uniform(random, options.MaxContrastChange));
            offsets[b] = (float)Uniform(random, options.MaxBrightness);
        }
        Tensor thetaTensor = tensor(theta, [batch, 2, 3], device: unit.device);
        Tensor grid = F.affine_grid(thetaTensor, unit.shape, align_corners: false);
        Tensor warped = F.grid_sample(unit, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        Tensor warpedLabels = F.grid_sample(labels.unsqueeze(1).to(ScalarType.Float32), grid,
            GridSampleMode.Nearest, GridSamplePaddingMode.Zeros, align_corners: false).squeeze(1).round().to(ScalarType.Int64);

        Tensor gain = tensor(gains, [batch, 1, 1, 1], device: unit.device);
        Tensor offset = tensor(offsets, [batch, 1, 1, 1], device: unit.device);
        Tensor mean = warped.mean([1, 2, 3], keepdim: true);
        Tensor jittered = warped.Minus(mean).mul_(gain).add_(mean, RootedScalars.One).add_(offset, RootedScalars.One);
        using Scalar noise = options.NoiseStd.ToScalar(), zero = 0.0.ToScalar(), one = 1.0.ToScalar(); // not implicit: see RootedScalars
        if (options.NoiseStd > 0)
        {
            // A torch generator seeded from the managed one keeps the whole augmentation reproducible from one seed,
            // without a managed array per batch.
            using var generator = new TorchSharp.torch.Generator((ulong)random.NextInt64());
            jittered.add_(randn(warped.shape, generator: generator).mul_(noise).to(unit.device), RootedScalars.One);
        }
        return (jittered.clamp_(zero, one).MoveToOuterDisposeScope(), warpedLabels.MoveToOuterDisposeScope());
    }

    private static double Uniform(Random random, double max) => (random.NextDouble() * 2 - 1) * max;
}
