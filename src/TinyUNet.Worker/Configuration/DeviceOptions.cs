using TinyUNet.Hosting;

namespace TinyUNet.Worker.Configuration;

/// <summary>
/// Where inference runs and how many studies run at once: <see cref="Count"/> devices × <see cref="StudiesPerDevice"/>
/// (1 by default: one study keeps a GPU busy, a second only adds memory pressure).
/// </summary>
public sealed class DeviceOptions : IValidatedOptions
{
    public const string Section = "Device";

    /// <summary>"auto" (CUDA when available), "cpu", "cuda" or "cuda:N".</summary>
    public string Name { get; set; } = "auto";
    public int Count { get; set; } = 1;
    public int StudiesPerDevice { get; set; } = 1;
    /// <summary>
    /// Slices per forward pass; 0 (default) picks 1 on the CPU (measured fastest there: 0.27 s/slice vs 0.9 at 4 in
    /// the pipeline) and 16 on a GPU.
    /// </summary>
    public int BatchSize { get; set; }

    /// <summary>
    /// Forward passes of one device's model at once; 0 (default) picks one per core on the CPU, at most 4, each on its share of the cores
    /// (a 300-slice study on 2 cores about 1.3× faster than one pass on both cores, for about 0.5 GB more peak memory),
    /// and 1 on a GPU.
    /// </summary>
    public int Lanes { get; set; }

    /// <summary>
    /// Test-time flip averaging (twice the forward passes): null (default) = as the model bundle's manifest asks,
    /// true/false overrides it (false halves the model's share of a study's time, for the Dice the model card reports).
    /// </summary>
    public bool? FlipAveraging { get; set; }

    /// <summary>
    /// The resident memory (MB) above which the worker, when no study is running, compacts the managed heap and (on
    /// the CPU) gives glibc's free heap back (<see cref="Inference.IdleHeapRelease"/>); 0 = after every study (slower
    /// studies: each faults its memory in again), -1 = never (the heaps keep their peaks). Default 1536: a CPU worker
    /// with 2 lanes works at 1.1–1.4 GB. A study past it when its inference ends gives glibc's free heap back there
    /// already, before its postprocessing (<see cref="TinyUNet.Pipeline.SeriesSegmentationPipeline.ReleaseHeapAfterInferenceAboveMb"/>).
    /// </summary>
    public int ReleaseHeapAboveMb { get; set; } = 1536;

    public int EffectiveBatchSize(bool cuda) => BatchSize > 0 ? BatchSize : cuda ? 16 : 1;

    public int ConcurrentStudies => Count * StudiesPerDevice;

    /// <summary>
    /// The <see cref="Count"/> devices that each get a model: "cuda"/"auto" with CUDA → cuda:0 … cuda:Count−1;
    /// "cuda:N" → cuda:N onwards; "cpu" (or "auto" without CUDA) → the CPU, Count times (more than one only adds
    /// concurrency there: all CPU models share the same cores).
    /// </summary>
    public IReadOnlyList<string> DeviceNames(bool cudaAvailable)
    {
        string name = Name.Trim().ToLowerInvariant();
        if (name == "cpu" || (name == "auto" && !cudaAvailable)) return Enumerable.Repeat("cpu", Count).ToList();
        int first = name.StartsWith("cuda:", StringComparison.Ordinal) ? int.Parse(name["cuda:".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        return Enumerable.Range(first, Count).Select(i => $"cuda:{i}").ToList();
    }

    public IEnumerable<string> Validate()
    {
        if (Name is not ("auto" or "cpu" or "cuda") && !Name.StartsWith("cuda:", StringComparison.Ordinal))
            yield return $"{Section}:Name must be auto, cpu, cuda or cuda:N.";
        else if (Name.StartsWith("cuda:", StringComparison.Ordinal) && !int.TryParse(Name["cuda:".Length..], System.Globalization.NumberStyles.None,
                     System.Globalization.CultureInfo.InvariantCulture, out _))
            yield return $"{Section}:Name must be auto, cpu, cuda or cuda:N.";
        if (Count is < 1 or > 64) yield return $"{Section}:Count must be 1–64.";
        if (StudiesPerDevice is < 1 or > 16) yield return $"{Section}:StudiesPerDevice must be 1–16.";
        if (BatchSize is < 0 or > 256) yield return $"{Section}:BatchSize must be 0 (automatic) or 1–256.";
        if (Lanes is < 0 or > 64) yield return $"{Section}:Lanes must be 0 (automatic) or 1–64.";
        if (ReleaseHeapAboveMb < -1) yield return $"{Section}:ReleaseHeapAboveMb must be -1 (never), 0 (after every study) or a size in MB.";
    }
}
