using System.Collections.Concurrent;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// The slice buffers of one guard run, handed to Parallel.For's workers. Its replicas yield and start again every
/// fraction of a second, each time asking localInit for new state: without a pool a 300-slice study allocated a few
/// dozen sets of buffers (about 8 MB each at 512²) instead of one per core.
/// </summary>
internal sealed class SliceScratchPool(int columns, int rows)
{
    private readonly ConcurrentBag<SliceScratch> free = [];

    public SliceScratch Rent() => free.TryTake(out SliceScratch? scratch) ? scratch : new SliceScratch(columns, rows);

    public void Return(SliceScratch scratch) => free.Add(scratch);
}
