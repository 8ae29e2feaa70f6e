using TinyUNet.Dicom;
using TinyUNet.Model.Bundles;
using TinyUNet.Pipeline.Postprocessing;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Tests;

public sealed class LogitsPostprocessorTests
{
    [Fact]
    public void ToClassIndices_NativeSize_IsArgmaxOverClasses()
    {
        using var scope = NewDisposeScope();
        // [1, 4, 2, 2]; pixel (y, x) wins class 2y + x.
        var logits = zeros(1, 4, 2, 2);
        logits[0, 0, 0, 0] = 5f;
        logits[0, 1, 0, 1] = 5f;
        logits[0, 2, 1, 0] = 5f;
        logits[0, 3, 1, 1] = 5f;

        Tensor labels = new LogitsPostprocessor(ClassIndexMap.Identity).ToClassIndices(logits, 2, 2);

        Assert.Equal(new long[] { 1, 2, 2 }, labels.shape);
        Assert.Equal(ScalarType.Byte, labels.dtype);
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, labels.data<byte>().ToArray());
    }

    [Fact]
    public void ToClassIndices_TwoCandidateClasses_ArgmaxOverThoseTwoOnly()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        Tensor logits = randn(2, 4, 19, 23);

        Tensor labels = new LogitsPostprocessor(ClassIndexMap.Identity, [2, 3]).ToClassIndices(logits, 19, 23);

        byte[] expected = [.. logits.narrow(1, 2, 2).argmax(1).data<long>().ToArray().Select(i => (byte)(i + 2))];
        Assert.Equal(expected, labels.data<byte>().ToArray());
        Assert.Contains((byte)2, expected);
        Assert.Contains((byte)3, expected);
    }

    [Fact]
    public void ToClassIndices_RandomScoresWithTies_EqualsLibtorchArgmax()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        // Rounded to halves so many pixels tie: argmax gives ties to the lower class, and so must we.
        Tensor logits = (randn(3, 4, 37, 53) * 2).round() / 2;

        Tensor labels = new LogitsPostprocessor(ClassIndexMap.Identity).ToClassIndices(logits, 37, 53);

        Assert.True(logits.eq(logits.max(1, keepdim: true).values).sum(1).gt(1).any().item<bool>(), "the test needs ties");
        Assert.Equal(logits.argmax(1).to(ScalarType.Byte).data<byte>().ToArray(), labels.data<byte>().ToArray());
    }

    [Fact]
    public void ToClassIndices_Upsampled_ResizesLogitsBeforeArgmax()
    {
        using var scope = NewDisposeScope();
        // One row of two pixels → four columns. align_corners=false samples source x = 0.5·i − 0.25, clamped:
        // column 1 = 0.75·p0 + 0.25·p1. p0: class 0 = 10, class 1 = 9.9 (class 0 wins); p1: class 1 = 1 (wins).
        // Column 1: class 0 = 7.5, class 1 = 7.675 → class 1, where resizing the labels would have given class 0.
        var logits = zeros(2, 4, 1, 2);
        logits[0, 0, 0, 0] = 10f;
        logits[0, 1, 0, 0] = 9.9f;
        logits[0, 1, 0, 1] = 1f;
        logits[1, 3, 0, 0] = 1f;
        logits[1, 2, 0, 1] = 1f;

        Tensor labels = new LogitsPostprocessor(ClassIndexMap.Identity).ToClassIndices(logits, 2, 4);

        Assert.Equal(new long[] { 2, 2, 4 }, labels.shape);
        Assert.Equal(new byte[] { 0, 1, 1, 1, 0, 1, 1, 1, 3, 3, 2, 2, 3, 3, 2, 2 }, labels.data<byte>().ToArray());
    }

    [Fact]
    public void ClassIndexMap_ManifestOrderDiffers_MapsModelChannelsToLungClasses()
    {
        ClassIndexMap map = ClassIndexMap.FromManifest(
            [new ClassInfo(0, "background"), new ClassInfo(1, "ggo"), new ClassInfo(2, "lung"), new ClassInfo(3, "consolidation")]);
        byte[] voxels = [0, 1, 2, 3];

        map.Apply(voxels);

        Assert.Equal(new byte[] { 0, (byte)LungClass.GroundGlassOpacity, (byte)LungClass.LungField, (byte)LungClass.Consolidation }, voxels);
    }

    [Fact]
    public void FromManifest_UnknownClassName_Throws() =>
        Assert.Throws<ArgumentException>(() => ClassIndexMap.FromManifest(
            [new ClassInfo(0, "background"), new ClassInfo(1, "liver"), new ClassInfo(2, "ggo"), new ClassInfo(3, "consolidation")]));
}
