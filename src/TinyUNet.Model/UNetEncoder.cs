using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>Encoder stage: CMRF, then 2×2 max-pool. Returns (pooled, skip).</summary>
public sealed class UNetEncoder : nn.Module<Tensor, (Tensor Pooled, Tensor Skip)>
{
    private readonly Cmrf cmrf;
    private readonly MaxPool2d downsample;

    public UNetEncoder(long inChannels, long outChannels) : base(nameof(UNetEncoder))
    {
        cmrf = new Cmrf(inChannels, outChannels);
        downsample = nn.MaxPool2d(kernel_size: 2, stride: 2);
        RegisterComponents();
    }

    public Cmrf Cmrf => cmrf;

    public override (Tensor Pooled, Tensor Skip) forward(Tensor input)
    {
        Tensor skip = cmrf.forward(input);
        return (downsample.forward(skip), skip);
    }
}
