using System.Collections.Concurrent;
using TinyUNet.Dicom.Reading;
using TinyUNet.Model;

namespace TinyUNet.Pipeline.Tests;

/// <summary>How a study's inference runs on several threads: every lane runs, failures come back as themselves.</summary>
public sealed class InferenceLanesTests
{
    [Fact]
    public void Run_ThreeLanes_RunsOnThreeThreadsTheCallersAmongThem()
    {
        var threads = new ConcurrentBag<int>();
        using var allStarted = new CountdownEvent(3);

        InferenceLanes.Run(3, _ =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            allStarted.Signal();
            // Returns only once all three run at the same time: lanes that ran one after another would time out here.
            Assert.True(allStarted.Wait(TimeSpan.FromSeconds(30)), "the lanes did not run at the same time");
        }, CancellationToken.None);

        Assert.Equal(3, threads.Distinct().Count());
        Assert.Contains(Environment.CurrentManagedThreadId, threads);
    }

    [Fact]
    public void Run_OneLaneFails_OthersStopAndTheFailureComesBackUnwrapped()
    {
        int stopped = 0;

        var thrown = Assert.Throws<DicomReadException>(() => InferenceLanes.Run(3, stop =>
        {
            if (Thread.CurrentThread.Name == "inference lane 1") throw new DicomReadException("/study/7.dcm", "broken pixel data");
            // The others work until told to stop (the failing lane's cancellation reaches them).
            Assert.True(stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the other lanes were not stopped");
            Interlocked.Increment(ref stopped);
            stop.ThrowIfCancellationRequested();
        }, CancellationToken.None));

        Assert.Equal("/study/7.dcm", thrown.FilePath);
        Assert.Equal(2, stopped);
    }

    [Fact]
    public void Run_CallerCancels_EveryLaneSeesItAndRunThrowsCancellation()
    {
        using var cancel = new CancellationTokenSource();
        int seen = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => InferenceLanes.Run(2, stop =>
        {
            if (Interlocked.Increment(ref seen) == 2) cancel.Cancel();
            Assert.True(stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the caller's cancellation did not reach the lane");
            stop.ThrowIfCancellationRequested();
        }, cancel.Token));
    }

    [Fact]
    public void Run_NoLanes_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => InferenceLanes.Run(0, _ => { }, CancellationToken.None));
}
