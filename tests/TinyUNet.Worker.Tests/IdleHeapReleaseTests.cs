using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.Model;
using TinyUNet.Pipeline;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.TestSupport;
using TinyUNet.TestSupport.Models;
using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Inference;

namespace TinyUNet.Worker.Tests;

/// <summary>
/// Between studies the worker gives glibc's free heap back once its resident set is past the limit: real memory, real
/// malloc, freed into holes of the tuned heap (no mmap, no automatic trim), where only a trim returns them.
/// </summary>
public sealed class IdleHeapReleaseTests
{
    private const int BlockCount = 48, BlockBytes = 4 << 20; // 192 MB in blocks that glibc serves from the heap once tuned

    [Fact]
    public void OnIdle_AboveTheLimit_GivesTheFreedHeapBack()
    {
        using FragmentedHeap heap = Fragment();

        Release(new DeviceOptions { Name = "cpu", ReleaseHeapAboveMb = 0 });

        long given = heap.Resident - Resident();
        Assert.True(given > BlockCount * (long)BlockBytes / 2, $"resident set fell by {given >> 20} MB only");
    }

    [Fact]
    public void OnIdle_AboveTheLimit_DecommitsTheManagedHeapsFreeSpace()
    {
        // Slices' worth of large-object garbage, as a study leaves behind.
        var slices = new List<float[]>();
        for (int i = 0; i < 200; i++) slices.Add(new float[512 * 512]);
        slices.Clear();
        GC.Collect(); // an ordinary collection: the space is free, the runtime keeps it committed
        long committed = GC.GetGCMemoryInfo().TotalCommittedBytes;

        Release(new DeviceOptions { Name = "cpu", ReleaseHeapAboveMb = 0 });

        long given = committed - GC.GetGCMemoryInfo().TotalCommittedBytes;
        Assert.True(given > 100L << 20, $"managed heap's committed bytes fell by {given >> 20} MB only (from {committed >> 20} MB)");
    }

    [Fact]
    public void OnIdle_AboveTheLimit_LogsTheManagedLiveSetLeftBetweenStudies()
    {
        // What a study would leak: still referenced when the release runs, so it must be in the figure the soak judges.
        byte[] retained = GC.AllocateArray<byte>(96 << 20);
        Array.Fill(retained, (byte)1);
        var logger = new LastMessageLogger();

        new IdleHeapRelease(Options.Create(new DeviceOptions { Name = "cpu", ReleaseHeapAboveMb = 0 }), logger).OnIdle();

        Match live = Regex.Match(logger.Message ?? "", @"managed live ([0-9.]+) MB");
        Assert.True(live.Success, $"no managed live set in \"{logger.Message}\"");
        Assert.True(double.Parse(live.Groups[1].Value, CultureInfo.InvariantCulture) >= 96, logger.Message);
        GC.KeepAlive(retained);
    }

    [Fact]
    public void OnIdle_StudyHeldOnlyByAFinalizableObject_FreedBeforeTheLiveSetIsTaken()
    {
        // A finished study's arrays behind its undisposed tensors: unreachable, but their holder has a finalizer, so
        // one collection keeps them (for the finalizer); the release must not count them as what stays between studies.
        WeakReference study = DropStudyHeldByAFinalizer(96 << 20);
        var logger = new LastMessageLogger();

        new IdleHeapRelease(Options.Create(new DeviceOptions { Name = "cpu", ReleaseHeapAboveMb = 0 }), logger).OnIdle();

        Assert.Matches(@"managed live [0-9.]+ MB", logger.Message ?? "");
        Assert.False(study.IsAlive, "the array a finalized object held was still in the heap when the live set was taken");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference DropStudyHeldByAFinalizer(int bytes)
    {
        var holder = new FinalizableHolder(GC.AllocateArray<byte>(bytes));
        // trackResurrection: the reference lives until the array is really gone, not only until it is unreachable.
        return new WeakReference(holder.Data, trackResurrection: true);
    }

    private sealed class FinalizableHolder(byte[] data)
    {
        public byte[] Data { get; } = data;

        ~FinalizableHolder() { }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1 << 20)]
    public void OnIdle_NeverOrBelowTheLimit_KeepsTheHeap(int limitMb)
    {
        using FragmentedHeap heap = Fragment();

        Release(new DeviceOptions { Name = "cpu", ReleaseHeapAboveMb = limitMb });

        long given = heap.Resident - Resident();
        Assert.True(given < BlockCount * (long)BlockBytes / 2, $"resident set fell by {given >> 20} MB");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1 << 20, false)]
    [InlineData(null, false)]
    public async Task Pipeline_PastTheLimitWhenInferenceEnds_GivesTheFreedHeapBackBeforePostprocessing(int? limitMb, bool gives)
    {
        using var folder = new TempFolder();
        new SyntheticChestCtGenerator().Write(Path.Combine(folder.Path, "ct"),
            new SyntheticChestCtOptions { Rows = 48, Columns = 64, Slices = 10 });
        using SegmentationModel model = SegmentationModel.Load(UntrainedModelBundle.Write(Path.Combine(folder.Path, "model")),
            new InferenceOptions { Device = "cpu" });
        var pipeline = new SeriesSegmentationPipeline(model, new CtSeriesReader(), new LungPostprocessor(new LungPostprocessingOptions()),
            new SegmentationWriter()) { ReleaseHeapAfterInferenceAboveMb = limitMb };
        // What the lanes' forward passes leave: freed holes in the tuned heap, resident until a trim.
        using FragmentedHeap heap = Fragment();

        await pipeline.RunAsync(new SegmentationRequest([Path.Combine(folder.Path, "ct")], Path.Combine(folder.Path, "out")));

        long given = heap.Resident - Resident();
        Assert.Equal(gives, given > BlockCount * (long)BlockBytes / 2);
    }

    [Fact]
    public async Task DevicePipelines_TwoStudiesAtOnce_IdleOnlyWhenTheLastGivesItsPipelineBack()
    {
        using var folder = new TempFolder();
        int idle = 0;
        using DevicePipelines pipelines = DevicePipelines.Load(UntrainedModelBundle.Write(folder.Path), new DeviceOptions { Name = "cpu", StudiesPerDevice = 2 },
            new DicomReadingOptions(), new LungPostprocessingOptions(), () => idle++);

        DevicePipelines.Lease first = await pipelines.LeaseAsync(CancellationToken.None);
        DevicePipelines.Lease second = await pipelines.LeaseAsync(CancellationToken.None);
        first.Dispose();
        Assert.Equal(0, idle);
        second.Dispose();
        second.Dispose(); // a lease given back twice counts once
        Assert.Equal(1, idle);
    }

    /// <summary>
    /// Fragments the heap as studies do: <see cref="BlockCount"/> touched blocks, each followed by a small allocation
    /// that stays, then the blocks freed. The holes between the small ones are free but resident, whichever arena the
    /// thread has, until a trim; disposing the result frees the small ones.
    /// </summary>
    private static FragmentedHeap Fragment()
    {
        Assert.True(CpuInferenceTuning.ApplyFor(new DeviceOptions { Name = "cpu" }));
        Assert.True(CpuAllocatorTuning.ArenaMaxFromEnvironment == "1", "run with MALLOC_ARENA_MAX=1 (worker-tests.runsettings), as the worker runs");
        byte[] ones = new byte[BlockBytes];
        Array.Fill(ones, (byte)1);
        var blocks = new nint[BlockCount];
        var pins = new nint[BlockCount];
        for (int i = 0; i < BlockCount; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            Marshal.Copy(ones, 0, blocks[i], BlockBytes);
            pins[i] = Marshal.AllocHGlobal(64);
        }
        foreach (nint block in blocks) Marshal.FreeHGlobal(block);
        return new FragmentedHeap(pins, Resident());
    }

    private sealed record FragmentedHeap(nint[] Pins, long Resident) : IDisposable
    {
        public void Dispose()
        {
            foreach (nint pin in Pins) Marshal.FreeHGlobal(pin);
        }
    }

    private static long Resident() => CpuAllocatorTuning.ResidentSetBytes()!.Value;

    private sealed class LastMessageLogger : ILogger<IdleHeapRelease>
    {
        public string? Message { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Message = formatter(state, exception);
    }

    private static void Release(DeviceOptions device) =>
        new IdleHeapRelease(Options.Create(device), NullLogger<IdleHeapRelease>.Instance).OnIdle();
}
