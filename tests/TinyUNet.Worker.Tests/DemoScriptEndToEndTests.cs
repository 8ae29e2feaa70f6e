using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using TinyUNet.TestSupport;

namespace TinyUNet.Worker.Tests;

/// <summary>
/// The README's first command, run as a newcomer would (twice): scripts/demo.sh must start its stack, get a study
/// from Orthanc through the bridge and the worker into the report, and leave a PNG montage — on free ports and in
/// temp folders here, so it cannot collide with the other end-to-end tests.
/// </summary>
public sealed partial class DemoScriptEndToEndTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly Dictionary<string, string> environment;

    public DemoScriptEndToEndTests()
    {
        string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);
        environment = new Dictionary<string, string>
        {
            ["STACK_DIR"] = temp.File("stack"),
            ["DEMO_DIR"] = temp.File("demo"),
            ["RABBITMQ_PORT"] = Port(),
            ["RABBITMQ_DIST_PORT"] = Port(),
            ["EPMD_PORT"] = Port(),
            ["POSTGRES_PORT"] = Port(),
            ["ORTHANC_HTTP_PORT"] = Port(),
            ["ORTHANC_DICOM_PORT"] = Port(),
            ["WORKER_HEALTH_PORT"] = Port(),
            ["BRIDGE_HEALTH_PORT"] = Port(),
            ["DEMO_TIMEOUT_SECONDS"] = "300",
        };
    }

    [Fact]
    public void Demo_RunTwice_EachRunSegmentsAStudyAndPrintsReportAndMontage()
    {
        string first = RunDemo();
        string second = RunDemo();

        string firstMontage = AssertSegmentedWithMontage(first);
        string secondMontage = AssertSegmentedWithMontage(second);
        Assert.NotEqual(firstMontage, secondMontage);
        Assert.True(File.Exists(firstMontage), "the second run must keep the first run's results");
    }

    private static string AssertSegmentedWithMontage(string output)
    {
        Assert.Contains("segmented after", output);
        Assert.Matches(@"total\s*│\s*ggo", output);
        Assert.Contains("Model vs the phantom's ground truth", output);
        string montage = MontageLine().Match(output).Groups[1].Value.Trim();
        Assert.True(File.Exists(montage), $"montage '{montage}' missing");
        byte[] png = File.ReadAllBytes(montage);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return montage;
    }

    private string RunDemo()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(LocalStack.RepositoryRoot(), "scripts", "demo.sh"));
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        using Process process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(600_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("demo.sh did not finish in 600 s:\n" + stdout.Result + stderr.Result);
        }
        Assert.True(process.ExitCode == 0, $"demo.sh failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    [GeneratedRegex(@"== Montage: (.+)")]
    private static partial Regex MontageLine();

    public void Dispose()
    {
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(LocalStack.RepositoryRoot(), "deploy", "local-stack", "stop.sh"));
        psi.ArgumentList.Add("--purge");
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        using (Process stop = Process.Start(psi)!) stop.WaitForExit(180_000);
        temp.Dispose();
    }
}
