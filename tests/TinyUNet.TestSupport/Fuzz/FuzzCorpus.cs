namespace TinyUNet.TestSupport.Fuzz;

/// <summary>
/// 1,000 mutated files made once per test run from the real CT files in every codec (make_fuzz_corpus.py, seeded:
/// the same bytes every run): truncations, byte flips, bogus lengths, duplicated and cut chunks, and corrupted
/// Rows/Columns/BitsAllocated/BitsStored/HighBit/PixelRepresentation/rescale/spacing/IPP/IOP values.
/// </summary>
public sealed class FuzzCorpus : IDisposable
{
    public const int Count = 1000;
    private const int Seed = 1;

    public FuzzCorpus()
    {
        Directory = Path.Combine(Path.GetTempPath(), "tinyunet-fuzz-" + Guid.NewGuid().ToString("N"));
        string[] sources =
        [
            .. System.IO.Directory.GetFiles(SharedData.Dicom("transfer-syntaxes"), "CTImage.dcm*"),
            .. System.IO.Directory.GetFiles(SharedData.Dicom("wg04"), "*__*"), // not its README
        ];
        PyDicom.RunFile(Path.Combine(AppContext.BaseDirectory, "Fuzz", "make_fuzz_corpus.py"),
            [Directory, Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), .. sources]);
        Files = System.IO.Directory.GetFiles(Directory).Order(StringComparer.Ordinal).ToArray();
    }

    public string Directory { get; }

    public IReadOnlyList<string> Files { get; }

    /// <summary>How a file was mutated, from its name (NNNN_mutation_source.dcm).</summary>
    public static string Mutation(string file) => Path.GetFileName(file).Split('_', 3)[1];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
