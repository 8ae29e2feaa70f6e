using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using TinyUNet.TestSupport;

namespace TinyUNet.Worker.Tests;

/// <summary>
/// The README's first command, run as a newcomer would (twice: the real sample, then the phantom on the running stack):
/// scripts/demo.sh must start its stack, get a study from Orthanc through the bridge and the worker into the report,
/// and leave a PNG montage — on free ports and in temp folders here, so it cannot collide with the other end-to-end tests.
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
    public void Demo_RealSampleThenPhantom_EachRunSegmentsAStudyAndPrintsReportAndMontage()
    {
        string first = RunDemo();
        string second = RunDemo("--phantom");

        string firstMontage = AssertSegmentedWithMontage(first);
        Assert.Contains("real COVID-19 chest CT, Radiopaedia case 85902", first);
        Assert.Contains("Model vs the sample's reference", first);
        // The reference's lesion volume beside the model's: two numbers, the reference's from the bundled masks.
        Match lesion = ReferenceLesionLine().Match(first);
        Assert.True(lesion.Success, "no 'GGO + consolidation' line with reference and model volumes:\n" + first);
        Assert.InRange(double.Parse(lesion.Groups[1].Value, CultureInfo.InvariantCulture), 100, 400);
        Assert.True(double.Parse(lesion.Groups[2].Value, CultureInfo.InvariantCulture) > 0, "the model found no lesion in a COVID-19 CT");

        string secondMontage = AssertSegmentedWithMontage(second);
        Assert.Contains("Model vs the phantom's ground truth", second);
        Assert.NotEqual(firstMontage, secondMontage);
        Assert.True(File.Exists(firstMontage), "the second run must keep the first run's results");
    }

    private static string AssertSegmentedWithMontage(string output)
    {
        Assert.Contains("segmented after", output);
        Assert.Matches(@"total\s*│\s*ggo", output);
        string montage = MontageLine().Match(output).Groups[1].Value.Trim();
        Assert.True(File.Exists(montage), $"montage '{montage}' missing");
        byte[] png = File.ReadAllBytes(montage);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return montage;
    }

    private string RunDemo(params string[] arguments)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(LocalStack.RepositoryRoot(), "scripts", "demo.sh"));
        foreach (string argument in arguments) psi.ArgumentList.Add(argument);
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

    [GeneratedRegex(@"GGO \+ consolidation\s+([0-9.]+)\s+([0-9.]+)")]
    private static partial Regex ReferenceLesionLine();

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
