using System.Text.Json;
using TinyUNet.Model.Bundles;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

using TinyUNet.TestSupport;

namespace TinyUNet.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ModelVerbTests
{
    [Fact]
    public void ModelInfo_Defaults_Reports481300ParametersAndAbout3GFlops()
    {
        var (code, output, _) = CliRunner.Run("model-info", "--in-channels", "3", "--classes", "4", "--size", "256");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(481_300, json.RootElement.GetProperty("parameters").GetInt64());
        Assert.InRange(json.RootElement.GetProperty("gflops").GetDouble(), 3.0, 3.4);
    }

    [Fact]
    public void BenchStudy_SmallStudy_EndToEndFiguresBesideTheModelAlone()
    {
        using var temp = new TempFolder();

        var (code, output, error) = CliRunner.Run("bench-study", "--slices", "12", "--size", "128", "--device", "cpu", "--work", temp.File("work"));

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(12, root.GetProperty("slices").GetInt32());
        double study = root.GetProperty("studySlicesPerSecond").GetDouble(), model = root.GetProperty("modelSlicesPerSecond").GetDouble();
        Assert.True(study > 0 && model > 0, output);
        double ratio = root.GetProperty("studyOverModel").GetDouble();
        Assert.True(Math.Abs(study / model - ratio) <= 0.02 * ratio, $"ratio {ratio} is not {study} / {model}"); // both rounded
        foreach (string stage in new[] { "Decode", "Inference", "Postprocess", "Volumetrics", "WriteSegmentation", "WriteMontage" })
            Assert.True(root.GetProperty("stageMilliseconds").TryGetProperty(stage, out _), $"no {stage} in {output}");
        Assert.True(root.GetProperty("peakRssMb").GetDouble() > 50, output);
        // The model alone ran as the study did: one lane per core on the CPU (at most 4), the cores shared out.
        int lanes = Math.Min(Environment.ProcessorCount, 4);
        Assert.Equal(lanes, root.GetProperty("lanes").GetInt32());
        Assert.Equal(Environment.ProcessorCount / lanes, root.GetProperty("threadsPerLane").GetInt32());
        // The study really went through: its SEG is in the kept work folder.
        Assert.Single(Directory.GetFiles(temp.File("work"), "*.seg.dcm", SearchOption.AllDirectories));
    }

    [Fact]
    public void Parity_OfficialFixture_ExitsZeroAndPrintsPass()
    {
        var (code, output, _) = CliRunner.Run("parity", "--weights", SharedData.ParityWeights, "--io", SharedData.ParityIo);

        Assert.Equal(0, code);
        Assert.Contains("PASS", output);
    }

    [Fact]
    public void Parity_ReferenceOutputOffBy1e3_ExitsOneAndPrintsFail()
    {
        using var temp = new TempFolder();
        Dictionary<string, Tensor> io = Safetensors.LoadStateDict(SharedData.ParityIo);
        io["output"] = io["output"] + 1e-3;
        string perturbed = temp.File("io.safetensors");
        Safetensors.SaveStateDict(perturbed, io);

        var (code, output, _) = CliRunner.Run("parity", "--weights", SharedData.ParityWeights, "--io", perturbed);

        Assert.Equal(1, code);
        Assert.Contains("FAIL", output);
    }

    [Fact]
    public void Parity_MissingWeightsFile_OneLineErrorAndNonZeroExit()
    {
        var (code, _, error) = CliRunner.Run("parity", "--weights", "/nonexistent/w.safetensors", "--io", SharedData.ParityIo);

        Assert.Equal(3, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("error:", error);
    }

    [Fact]
    public void UnknownOption_UsageErrorInOneLine()
    {
        var (code, _, error) = CliRunner.Run("bench", "--sizee", "3");

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Bench_TinyRun_PrintsThroughputJson()
    {
        var (code, output, _) = CliRunner.Run("bench", "--size", "32", "--batch", "2", "--seconds", "0", "--fused");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("slicesPerSecond").GetDouble() > 0);
        Assert.Equal(2, json.RootElement.GetProperty("batch").GetInt32());
        Assert.True(json.RootElement.GetProperty("fused").GetBoolean());
        Assert.Equal(Math.Min(Environment.ProcessorCount, 4), json.RootElement.GetProperty("lanes").GetInt32());
    }

    [Fact]
    public void Bench_ThreeLanes_CountsEveryLanesPasses()
    {
        var (code, output, error) = CliRunner.Run("bench", "--size", "32", "--lanes", "3", "--seconds", "0");

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(3, json.RootElement.GetProperty("lanes").GetInt32());
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 3), json.RootElement.GetProperty("threads").GetInt32());
        // The lanes together run until the minimum of 3 passes is reached; at most the other two are then mid-pass.
        Assert.InRange(json.RootElement.GetProperty("iterations").GetInt32(), 3, 5);
        Assert.Contains("3 lane(s)", error);
    }

    [Fact]
    public void Import_OfficialWeights_WritesLoadableBundle()
    {
        using var temp = new TempFolder();
        string bundle = temp.File("bundle");

        var (code, _, error) = CliRunner.Run("import", "--weights", SharedData.ParityWeights, "--out", bundle,
            "--name", "parity", "--source", "parity fixture", "--license", "MIT", "--window=-600,1500,0.5,0.25");

        Assert.True(code == 0, error);
        using ModelBundle loaded = ModelBundle.Load(bundle);
        Assert.Equal(4, loaded.Manifest.Classes.Count);
        Assert.All(loaded.Manifest.Input.Channels, c => Assert.Equal(0.25, c.Std));
    }
}
