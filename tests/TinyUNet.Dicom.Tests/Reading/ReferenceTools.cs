namespace TinyUNet.Dicom.Tests.Reading;

/// <summary>Runs the independent references: pydicom (Debian's python3) and dcmtk's dcmodify for header edits.</summary>
internal static class ReferenceTools
{
    public const string Python = PyDicom.Python;

    public static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var (code, stdout, stderr) = ExternalTool.Run(program, arguments);
        return (code, stdout + stderr);
    }

    /// <summary>Edits tags in place with dcmodify (no .bak files); e.g. ("(0020,0032)", "1\\2\\3").</summary>
    public static void Dcmodify(string file, params (string Tag, string Value)[] edits)
    {
        var args = new List<string> { "-nb", "-q" };
        foreach (var (tag, value) in edits) { args.Add("-m"); args.Add($"{tag}={value}"); }
        args.Add(file);
        var (code, output) = Run("dcmodify", [.. args]);
        Assert.True(code == 0, $"dcmodify failed: {output}");
    }

    private const string PydicomHuScript = """
        import sys, numpy as np, pydicom
        ds = pydicom.dcmread(sys.argv[1])
        try:
            arr = ds.pixel_array
        except Exception as e:
            print("NODECODE", type(e).__name__); sys.exit(3)
        slope = float(ds.get("RescaleSlope", 1) or 1); intercept = float(ds.get("RescaleIntercept", 0) or 0)
        (arr.astype(np.float64) * slope + intercept).astype("<f8").tofile(sys.argv[2])
        """;

    /// <summary>HU per pixel as pydicom computes it (pixel_array × slope + intercept), or null if pydicom cannot decode.</summary>
    public static double[]? PydicomHu(string file)
    {
        string output = Path.GetTempFileName();
        try
        {
            var (code, text) = Run(Python, "-c", PydicomHuScript, file, output);
            if (code == 3) return null;
            Assert.True(code == 0, $"pydicom failed: {text}");
            byte[] bytes = File.ReadAllBytes(output);
            var values = new double[bytes.Length / 8];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            return values;
        }
        finally
        {
            File.Delete(output);
        }
    }
}
