using Xunit;

namespace TinyUNet.TestSupport;

/// <summary>Runs a script with Debian's python3 (the one that has pydicom) and returns stdout.</summary>
public static class PyDicom
{
    public const string Python = "/usr/bin/python3";

    public static string Run(string script, params string[] args)
    {
        var (code, stdout, stderr) = ExternalTool.Run(Python, ["-c", script, .. args]);
        Assert.True(code == 0, $"python failed ({code}):\n{stderr}\n{stdout}");
        return stdout;
    }

    public static string RunFile(string scriptPath, params string[] args)
    {
        var (code, stdout, stderr) = ExternalTool.Run(Python, [scriptPath, .. args]);
        Assert.True(code == 0, $"python {Path.GetFileName(scriptPath)} failed ({code}):\n{stderr}\n{stdout}");
        return stdout;
    }
}
