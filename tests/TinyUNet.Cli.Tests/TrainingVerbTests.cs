using System.Text.Json;
using TinyUNet.Model.Bundles;
using TinyUNet.TestSupport;

namespace TinyUNet.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class TrainingVerbTests
{
    private static string CovidSemiSeg => SharedData.Data("covid-semiseg-train");

    [Fact]
    public void TrainEvaluatePredict_TinyRun_BundleScoresAndMasks()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");

        var (code, output, error) = CliRunner.Run("train", "--data", CovidSemiSeg, "--out", run, "--limit", "3",
            "--validation-count", "1", "--size", "32", "--epochs", "1", "--device", "cpu");

        Assert.True(code == 0, error);
        using (JsonDocument json = JsonDocument.Parse(output))
            Assert.Equal(1, json.RootElement.GetProperty("epochs").GetInt32());
        Assert.Contains("epoch 1/1", error);
        string bundle = Path.Combine(run, "bundle");
        ModelBundle.ReadManifest(bundle);

        var (evalCode, evalOut, evalError) = CliRunner.Run("evaluate", "--model", bundle, "--data", CovidSemiSeg,
            "--split", "validation", "--device", "cpu");

        Assert.True(evalCode == 0, evalError);
        using (JsonDocument json = JsonDocument.Parse(evalOut))
        {
            Assert.Equal(1, json.RootElement.GetProperty("images").GetInt32());
            string[] scored = [.. json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
            Assert.Equal(["ggo", "consolidation"], scored);   // lung not labelled, so "background" is not either
        }

        string images = Directory.CreateDirectory(temp.File("images")).FullName;
        File.Copy(Path.Combine(CovidSemiSeg, "images", "2.jpg"), Path.Combine(images, "2.jpg"));
        var (predictCode, _, predictError) = CliRunner.Run("predict", "--model", bundle, "--images", images,
            "--out", temp.File("pred"), "--device", "cpu");

        Assert.True(predictCode == 0, predictError);
        Assert.True(File.Exists(temp.File("pred/2.png")));
        Assert.True(File.Exists(temp.File("pred/classes.json")));
    }

    [Fact]
    public void Predict_WithoutModel_UsesTheBundledDefault()
    {
        using var temp = new TempFolder();
        string images = Directory.CreateDirectory(temp.File("images")).FullName;
        File.Copy(Path.Combine(CovidSemiSeg, "images", "2.jpg"), Path.Combine(images, "2.jpg"));

        var (code, output, error) = CliRunner.Run("predict", "--images", images, "--out", temp.File("pred"), "--device", "cpu");

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal("tinyunet-covid", json.RootElement.GetProperty("model").GetString());
        Assert.True(File.Exists(temp.File("pred/2.png")));
    }

    [Fact]
    public void Predict_BundleMissing_OneLineError()
    {
        using var temp = new TempFolder();

        var (code, _, error) = CliRunner.Run("predict", "--model", temp.File("nope"), "--images", temp.Path, "--out", temp.File("o"));

        Assert.Equal(3, code);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Train_NeitherConfigNorData_OneLineError()
    {
        using var temp = new TempFolder();

        var (code, _, error) = CliRunner.Run("train", "--out", temp.Path);

        Assert.Equal(3, code);
        Assert.Contains("--config, --data", error);
    }
}
