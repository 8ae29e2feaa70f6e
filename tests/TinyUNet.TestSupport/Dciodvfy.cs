using Xunit;

namespace TinyUNet.TestSupport;

/// <summary>dicom3tools' IOD validator; its findings start with "Error -" or "Warning -".</summary>
public static class Dciodvfy
{
    public static IReadOnlyList<string> Errors(string path, out string fullOutput)
    {
        var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [path]);
        fullOutput = stdout + stderr;
        return fullOutput.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
    }

    public static void AssertValid(string path)
    {
        var errors = Errors(path, out var output);
        Assert.True(errors.Count == 0, $"dciodvfy reported {errors.Count} error(s) for {Path.GetFileName(path)}:\n{output}");
    }
}
