using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// TinyU-Net (Chen et al., MICCAI 2024), the same network as the official PyTorch TinyU-Net.py:
/// four CMRF encoders (64, 128, 256, 512), four CMRF decoders (1024→512, 768→256, 384→128, 192→64),
/// a final 1×1 convolution with bias. Submodule names reproduce the official state_dict keys.
/// Input height and width must be multiples of 16.
/// </summary>
public sealed class TinyUNetNetwork : nn.Module<Tensor, Tensor>
{
    public const string ArchitectureVersion = "tinyunet-miccai2024-v1";
    public const int SizeMultiple = 16;
    private static readonly long[] EncoderChannels = [64, 128, 256, 512];

    private readonly UNetEncoder encoder1, encoder2, encoder3, encoder4;
    private readonly UNetDecoder decoder4, decoder3, decoder2, decoder1;
    private readonly Conv2d final_conv;

    // Every process that builds the network wants NNPACK off (see TorchRuntime) and MKL's kernels chosen by the CPU's
    // instructions (MklCpuDispatch); here it happens once, wherever the network is first made (CLI, worker, training,
    // tests), before its first matrix product, and never in processes that do not touch libtorch.
    static TinyUNetNetwork()
    {
        TorchRuntime.DisableNnpack();
        MklCpuDispatch.Apply();
    }

    public TinyUNetNetwork(int inChannels = 3, int numClasses = 2) : base("TinyUNet") // the module name it has always had
    {
        if (inChannels < 1) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, "At least one input channel.");
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "At least one class.");
        InChannels = inChannels;
        NumClasses = numClasses;
        long[] c = EncoderChannels;
        encoder1 = new UNetEncoder(inChannels, c[0]);
        encoder2 = new UNetEncoder(c[0], c[1]);
        encoder3 = new UNetEncoder(c[1], c[2]);
        encoder4 = new UNetEncoder(c[2], c[3]);
        decoder4 = new UNetDecoder(c[3] + c[3], c[3]);
        decoder3 = new UNetDecoder(c[3] + c[2], c[2]);
        decoder2 = new UNetDecoder(c[2] + c[1], c[1]);
        decoder1 = new UNetDecoder(c[1] + c[0], c[0]);
        final_conv = nn.Conv2d(c[0], numClasses, kernel_size: 1, bias: true);
        RegisterComponents();
    }

    public int InChannels { get; }
    public int NumClasses { get; }
    public bool IsFused { get; private set; }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != InChannels
            || input.shape[2] % SizeMultiple != 0 || input.shape[3] % SizeMultiple != 0)
            throw new ArgumentException(
                $"TinyU-Net expects [batch, {InChannels}, H, W] with H and W multiples of {SizeMultiple}; " +
                $"got [{string.Join(", ", input.shape)}].", nameof(input));

        using var scope = NewDisposeScope();
        var (x, skip1) = encoder1.forward(input);
        (x, var skip2) = encoder2.forward(x);
        (x, var skip3) = encoder3.forward(x);
        (x, var skip4) = encoder4.forward(x);
        x = decoder4.forward(x, skip4);
        x = decoder3.forward(x, skip3);
        x = decoder2.forward(x, skip2);
        x = decoder1.forward(x, skip1);
        return final_conv.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Runs the official graph (upsample then concatenate in the decoders, max_pool2d in the encoders) instead of the
    /// rewritten one, in training and inference. The rewrite is the same arithmetic in another order (outputs and
    /// gradients within rounding, tested); the plain graph is kept to show that, and to measure what the rewrite gains.
    /// </summary>
    public bool PlainGraph
    {
        get => encoder1.PlainGraph;
        set
        {
            foreach (UNetEncoder encoder in new[] { encoder1, encoder2, encoder3, encoder4 }) encoder.PlainGraph = value;
            foreach (UNetDecoder decoder in new[] { decoder4, decoder3, decoder2, decoder1 }) decoder.PlainGraph = value;
        }
    }

    /// <summary>Every Conv+BN block in the network, encoders first.</summary>
    public IEnumerable<ConvBlock> ConvBlocks => Cmrfs.SelectMany(c => c.ConvBlocks);

    /// <summary>Convolution multiply-accumulates for one input of height × width (the paper's FLOPs are twice this).</summary>
    public long ConvMacs(long height, long width)
    {
        if (height % SizeMultiple != 0 || width % SizeMultiple != 0)
            throw new ArgumentException($"Height and width must be multiples of {SizeMultiple}.");
        Cmrf[] encoders = [encoder1.Cmrf, encoder2.Cmrf, encoder3.Cmrf, encoder4.Cmrf];
        Cmrf[] decoders = [decoder1.Cmrf, decoder2.Cmrf, decoder3.Cmrf, decoder4.Cmrf];
        long macs = 0;
        for (int level = 0; level < 4; level++)
        {
            long h = height >> level, w = width >> level;
            macs += encoders[level].ConvMacs(h, w) + decoders[level].ConvMacs(h, w);
        }
        return macs + height * width * NumClasses * EncoderChannels[0];
    }

    /// <summary>Trainable parameters (BatchNorm running statistics are buffers, not parameters).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>
    /// Prepares the network for inference (it no longer trains like the original): folds every BatchNorm into its
    /// convolution, groups each CMRF's even and odd channels, and lets each decoder project before it upsamples
    /// (<see cref="Cmrf.FuseForInference"/>, <see cref="UNetDecoder"/>). Exact arithmetic rearranged: outputs stay
    /// within 1e-5 of the unfused network.
    /// </summary>
    public TinyUNetNetwork FuseForInference()
    {
        foreach (Cmrf cmrf in Cmrfs) cmrf.FuseForInference();
        IsFused = true;
        return this;
    }

    private IEnumerable<Cmrf> Cmrfs =>
        [encoder1.Cmrf, encoder2.Cmrf, encoder3.Cmrf, encoder4.Cmrf, decoder4.Cmrf, decoder3.Cmrf, decoder2.Cmrf, decoder1.Cmrf];
}
