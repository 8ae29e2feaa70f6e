using System.Collections.Concurrent;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Finds DICOM instances under folders (recursively) or in a file list, reading headers only. A file that is not
/// DICOM, is broken or is refused becomes a <see cref="SkippedFile"/> with a typed error; the others still count.
/// </summary>
public sealed class DicomDiscovery(DicomReadingOptions options)
{
    public DicomDiscovery() : this(new DicomReadingOptions()) { }

    /// <summary>Reads one header (GDCM isolated in a child process); throws <see cref="DicomReadException"/> when the file cannot be used.</summary>
    public static DicomInstance ReadHeader(string path) => new DicomReadingOptions().ReadHeader(path);

    public DiscoveryResult Discover(string path, CancellationToken cancellationToken = default) =>
        Discover([path], cancellationToken);

    public DiscoveryResult Discover(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        var skipped = new ConcurrentBag<SkippedFile>();
        // Ordinal path order keeps results (and generated UIDs' member order) deterministic across runs.
        string[] files = Expand(paths, skipped).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var found = new DicomInstance?[files.Length];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.EffectiveParallelism,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, files.Length, parallel, i =>
        {
            try
            {
                found[i] = options.ReadHeader(files[i]);
            }
            catch (DicomReadException e)
            {
                skipped.Add(new SkippedFile(files[i], e));
            }
        });
        return new DiscoveryResult(
            found.OfType<DicomInstance>().ToArray(),
            skipped.OrderBy(s => s.FilePath, StringComparer.Ordinal).ToArray());
    }

    private static IEnumerable<string> Expand(IEnumerable<string> paths, ConcurrentBag<SkippedFile> skipped)
    {
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
                foreach (string file in Directory.EnumerateFiles(path, "*", enumeration))
                    yield return Path.GetFullPath(file);
            }
            else if (File.Exists(path))
                yield return Path.GetFullPath(path);
            else
                skipped.Add(new SkippedFile(path, new DicomReadException(path, "no such file or folder")));
        }
    }
}
