using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// Cascaded Multi-Receptive Fields module (TinyU-Net, MICCAI 2024).
/// pwconv1 reduces c1 → 2·c channels (c = c2·e/N); those split by channel parity (even 0::2, odd 1::2); N−1
/// depthwise 3×3 Conv+BN blocks run in cascade from the odd half, every output kept; the first part is even + odd;
/// the concatenation [even+odd, d1..d(N−1)] (N·c = c2·e channels) goes through pwconv2 to c2. Residual only when
/// c1 == c2. With the paper's e = 0.5 this is exactly the official module (pwconv1 c1 → c2/N, pwconv2 c2/2 → c2);
/// the official code only runs at e = 0.5, other values generalise it the one consistent way.
/// </summary>
public sealed class Cmrf : nn.Module<Tensor, Tensor>
{
    private readonly ConvBlock pwconv1;
    private readonly ConvBlock pwconv2;
    private readonly ModuleList<ConvBlock> m;
    private readonly bool add;

    /// <param name="groups">N: the number of channel groups (N−1 depthwise blocks). The paper uses 8.</param>
    /// <param name="expansion">e: the fraction of c2 that reaches pwconv2. The paper uses 0.5.</param>
    public Cmrf(long inChannels, long outChannels, int groups = 8, double expansion = 0.5, bool shortcut = true)
        : base(nameof(Cmrf))
    {
        if (groups < 2) throw new ArgumentOutOfRangeException(nameof(groups), groups, "CMRF needs at least 2 groups.");
        long hidden = (long)(outChannels * expansion / groups);
        if (hidden < 1)
            throw new ArgumentException(
                $"CMRF({inChannels}, {outChannels}) with N={groups}, e={expansion} leaves no channels per group.",
                nameof(outChannels));

        add = shortcut && inChannels == outChannels;
        pwconv1 = new ConvBlock(inChannels, 2 * hidden, kernelSize: 1);
        pwconv2 = new ConvBlock(hidden * groups, outChannels, kernelSize: 1);
        m = new ModuleList<ConvBlock>(Enumerable.Range(0, groups - 1)
            .Select(_ => new ConvBlock(hidden, hidden, kernelSize: 3, groups: hidden, activation: false))
            .ToArray());
        RegisterComponents();
    }

    public IEnumerable<ConvBlock> ConvBlocks => new[] { pwconv1 }.Concat(m).Append(pwconv2);

    /// <summary>
    /// True once prepared for inference (<see cref="FuseForInference"/>): BatchNorms folded, and pwconv1's outputs
    /// ordered [even…, odd…] so the two halves are contiguous blocks rather than every other channel.
    /// </summary>
    public bool IsFused { get; private set; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor y = Cascade(pwconv1.forward(input));
        if (add) y = input.Plus(y);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The module on the concatenation [upsample(<paramref name="low"/>), <paramref name="skip"/>] (a decoder's input)
    /// without building it: pwconv1 projects <paramref name="low"/> before <paramref name="upsample"/> runs
    /// (<see cref="ConvBlock.ForwardConcatenated"/>), in training and inference alike. Modules without a residual
    /// only, as the decoders' are.
    /// </summary>
    public Tensor ForwardUpsampled(Tensor low, Func<Tensor, Tensor> upsample, Tensor skip)
    {
        if (add) throw new InvalidOperationException("Only a CMRF without a residual can take its input in parts.");
        using var scope = NewDisposeScope();
        return Cascade(pwconv1.ForwardConcatenated(low, upsample, skip)).MoveToOuterDisposeScope();
    }

    /// <summary>Folds every BatchNorm and groups pwconv1's even and odd output channels (inference only).</summary>
    public void FuseForInference()
    {
        if (IsFused) return;
        foreach (ConvBlock block in ConvBlocks) block.FuseBatchNorm();
        long channels = pwconv1.OutChannels;
        pwconv1.ReorderOutputChannels([.. LongRange(0, channels, 2), .. LongRange(1, channels, 2)]);
        IsFused = true;
    }

    /// <summary>Everything after pwconv1: the even/odd split, the depthwise cascade, the concatenation and pwconv2.</summary>
    private Tensor Cascade(Tensor x)
    {
        long channels = x.shape[1], half = channels / 2;
        (Tensor even, Tensor odd) = IsFused
            ? (x.narrow(1, 0, half), x.narrow(1, half, half))
            : (x[.., TensorIndex.Slice(0, channels, 2)], x[.., TensorIndex.Slice(1, channels, 2)]);
        if (IsFused && m[0].WritesInto(odd)) return pwconv2.forward(CascadeInPlace(even, odd));
        var parts = new List<Tensor>(m.Count + 1) { even.Plus(odd) };
        Tensor previous = odd;
        foreach (ConvBlock depthwise in m)
        {
            previous = depthwise.forward(previous);
            parts.Add(previous);
        }
        return pwconv2.forward(cat(parts, dim: 1));
    }

    /// <summary>
    /// The concatenation pwconv2 reads, built in place: even + odd and each depthwise output written into their own
    /// channels of one tensor (float32 inference on the CPU). Measured on one thread, the cascade with its concatenation
    /// at 256² (4 channels a group) took 4.7–5.5 ms as shifted sums and 0.9–1.2 ms this way; at 128² 1.7–2.0 ms with
    /// oneDNN's kernel and 0.41–0.46 ms; at 32² 0.54–0.62 and 0.22–0.27 ms.
    /// </summary>
    private Tensor CascadeInPlace(Tensor even, Tensor odd)
    {
        long half = odd.shape[1];
        Tensor concatenated = empty([odd.shape[0], half * (m.Count + 1), odd.shape[2], odd.shape[3]], dtype: odd.dtype, device: odd.device);
        Tensor Part(int index) => concatenated.narrow(1, index * half, half);
        Part(0).copy_(even).PlusInPlace(odd);
        Tensor previous = odd;
        for (int index = 0; index < m.Count; index++)
        {
            Tensor part = Part(index + 1);
            m[index].ForwardInto(previous, part);
            previous = part;
        }
        return concatenated;
    }

    private static IEnumerable<long> LongRange(long start, long end, long step)
    {
        for (long i = start; i < end; i += step) yield return i;
    }

    public long ConvMacs(long height, long width) => ConvBlocks.Sum(b => b.ConvMacs(height, width));
}
