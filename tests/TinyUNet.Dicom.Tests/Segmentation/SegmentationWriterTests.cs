using TinyUNet.Dicom.Synthetic;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Tests.Support;

namespace TinyUNet.Dicom.Tests.Segmentation;

/// <summary>Writer behaviour: frame layout, empty segments, atomic writes, input validation, threads.</summary>
public sealed class SegmentationWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void WriteAndRead_FromSeveralThreads_AllExact()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"), 40, 33, 15);
        var paths = Enumerable.Range(0, 4).Select(i => _temp.File($"seg{i}.dcm")).ToArray();

        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = 4 }, p =>
            new SegmentationWriter().Write(p, truth.Series, masks, SegFixtures.Options));

        var reads = new SegmentationReadResult[paths.Length];
        Parallel.For(0, paths.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            reads[i] = new SegmentationReader().Read(paths[i], truth.Series));

        foreach (var read in reads)
            Assert.All(masks.Zip(read.Segments), x => Assert.Equal(x.First.Mask.Voxels, x.Second.Mask.Voxels));
    }

    [Fact]
    public void Write_SegmentsAsValuesOfLabelMaps_SameFramesAsBinaryMasks()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"), 40, 33, 15);
        SegmentMask[] fromMaps =
        [
            new(masks[0].Segment, truth.SideMap, SyntheticChestCtResult.RightSide),
            new(masks[1].Segment, truth.SideMap, SyntheticChestCtResult.LeftSide),
            new(masks[2].Segment, truth.ClassMap, 2),
            new(masks[3].Segment, truth.ClassMap, 3),
        ];
        string binary = _temp.File("binary.dcm"), maps = _temp.File("maps.dcm");

        var written = new SegmentationWriter().Write(binary, truth.Series, masks, SegFixtures.Options);
        var fromLabels = new SegmentationWriter().Write(maps, truth.Series, fromMaps, SegFixtures.Options);

        // pydicom's frames (segment, source slice, pixel count, hash) must be the same; the maps hold other values
        // (the other side, the other classes) that must not leak into a segment.
        Assert.Equal(PySegDump.Expected(truth.Series, masks), PySegDump.Read(maps));
        Assert.Equal(written.FramesPerSegment, fromLabels.FramesPerSegment);
        var read = new SegmentationReader().Read(maps, truth.Series);
        Assert.All(masks.Zip(read.Segments), x => Assert.Equal(x.First.Mask.Voxels, x.Second.Mask.Voxels));
    }

    [Fact]
    public void Write_EmptySlices_FramesOmitted()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"), 32, 32, 12);
        var seg = _temp.File("seg.dcm");

        var result = new SegmentationWriter().Write(seg, truth.Series, masks, SegFixtures.Options);

        // Lungs stop short of the first and last slices, so those never get a frame.
        int nonEmpty = masks.Sum(m => Enumerable.Range(0, m.Mask.Depth).Count(k => m.Mask.Slice(k).IndexOfAnyExcept((byte)0) >= 0));
        Assert.Equal(nonEmpty, result.NumberOfFrames);
        Assert.True(result.NumberOfFrames < masks.Count * truth.Series.Slices.Count);
        Assert.DoesNotContain(PySegDump.Read(seg), f => f.Count == 0);
    }

    [Fact]
    public void Write_SegmentEmptyEverywhere_DescribedWithOneEmptyFrameAndValid()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var empty = new LabelVolume(truth.Series.Columns, truth.Series.Rows, truth.Series.Slices.Count);
        var withEmpty = masks.Select(m => m.Segment.Number == 4 ? m with { Mask = empty } : m).ToList();
        var seg = _temp.File("seg.dcm");

        var result = new SegmentationWriter().Write(seg, truth.Series, withEmpty, SegFixtures.Options);

        Assert.Equal(1, result.FramesPerSegment[4]);
        var frames = PySegDump.Read(seg);
        Assert.Equal(0, Assert.Single(frames, f => f.Segment == 4).Count);
        Dciodvfy.AssertValid(seg);
        var read = new SegmentationReader().Read(seg, truth.Series);
        Assert.Equal(4, read.Segments.Count);
        Assert.Equal(0, read.Segments[3].Mask.Count(1));
    }

    [Fact]
    public void Write_AllSegmentsEmpty_StillValid()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var allEmpty = masks.Select(m => m with { Mask = new LabelVolume(m.Mask.Columns, m.Mask.Rows, m.Mask.Depth) }).ToList();
        var seg = _temp.File("seg.dcm");

        var result = new SegmentationWriter().Write(seg, truth.Series, allEmpty, SegFixtures.Options);

        Assert.Equal(4, result.NumberOfFrames);
        Dciodvfy.AssertValid(seg);
    }

    [Fact]
    public void Write_Cancelled_ThrowsAndWritesNothing()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new SegmentationWriter().Write(_temp.File("seg.dcm"), truth.Series, masks, SegFixtures.Options, cts.Token));
        Assert.False(File.Exists(_temp.File("seg.dcm")));
    }

    [Fact]
    public void Write_Succeeds_LeavesNoTemporaryFile()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var folder = _temp.File("out");
        Directory.CreateDirectory(folder);

        new SegmentationWriter().Write(Path.Combine(folder, "seg.dcm"), truth.Series, masks, SegFixtures.Options);
        new SegmentationWriter().Write(Path.Combine(folder, "seg.dcm"), truth.Series, masks, SegFixtures.Options);

        Assert.Equal(["seg.dcm"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_MaskOfWrongSize_ThrowsArgumentException()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var wrong = masks.Select(m => m with { Mask = new LabelVolume(5, 5, 5) }).ToList();

        Assert.Throws<ArgumentException>(() => new SegmentationWriter().Write(_temp.File("seg.dcm"), truth.Series, wrong, SegFixtures.Options));
        Assert.False(File.Exists(_temp.File("seg.dcm")));
    }

    [Fact]
    public void Write_SegmentNumbersWithGap_ThrowsArgumentException()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));

        Assert.Throws<ArgumentException>(() =>
            new SegmentationWriter().Write(_temp.File("seg.dcm"), truth.Series, masks.Skip(1).ToList(), SegFixtures.Options));
    }

    [Fact]
    public void Options_SeriesDescriptionWithoutDisclaimer_FailsValidation()
    {
        var options = new SegmentationWriterOptions
        {
            AlgorithmName = "x", AlgorithmVersion = "y", SoftwareVersion = "z", SeriesDescription = "Lung segmentation",
        };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Options_WithoutAlgorithmVersion_FailsValidation()
    {
        var options = new SegmentationWriterOptions { AlgorithmName = "x", SoftwareVersion = "z" };

        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(nameof(SegmentationWriterOptions.AlgorithmVersion), e.ParamName);
    }

    [Fact]
    public void Write_SegmentLabelTooLong_ThrowsArgumentException()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var bad = masks.Select(m => m.Segment.Number == 2 ? m with { Segment = m.Segment with { Label = new string('x', 65) } } : m).ToList();

        Assert.Throws<ArgumentException>(() => new SegmentationWriter().Write(_temp.File("seg.dcm"), truth.Series, bad, SegFixtures.Options));
    }
}
