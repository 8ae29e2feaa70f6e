using System.Text.Json;
using TinyUNet.TestSupport;

namespace TinyUNet.Cli.Tests;

/// <summary>
/// The Dice floor of the bundled model (models/README.md), measured through the production inference path
/// (<c>evaluate</c> → the pipeline's SliceSegmenter: framing, windowing, resize, network, logits back, arg-max) on a
/// fixed labelled set: all 50 COVID-SemiSeg slices. The shipped model was trained on them, so these are not accuracy
/// estimates (the cross-validation in the model card is); they guard against a change to preprocessing, framing or
/// post-processing that silently costs accuracy. The floors sit about 0.02 under the values measured for 4.0.0
/// (mean Dice per slice: GGO 0.811, consolidation 0.836, derived lung 0.932): the path is deterministic, and the margin
/// is for other CPUs' float rounding (AVX2 against AVX-512 kernels move a few pixels), not for noise.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BundledModelAccuracyTests
{
    private const double GgoFloor = 0.79, ConsolidationFloor = 0.81, LungFloor = 0.91;

    [Fact]
    public void Evaluate_BundledModelOnTheLabelledSlices_KeepsItsDiceFloor()
    {
        var (code, output, error) = CliRunner.Run("evaluate", "--data", SharedData.CovidSemiSeg, "--lung", "derive", "--device", "cpu");

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(50, json.RootElement.GetProperty("images").GetInt32());
        var meanDice = json.RootElement.GetProperty("classes").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("meanDice").GetDouble());
        Assert.True(meanDice["ggo"] >= GgoFloor, $"GGO mean Dice {meanDice["ggo"]:F3} < {GgoFloor}");
        Assert.True(meanDice["consolidation"] >= ConsolidationFloor, $"consolidation mean Dice {meanDice["consolidation"]:F3} < {ConsolidationFloor}");
        Assert.True(meanDice["lung"] >= LungFloor, $"lung mean Dice {meanDice["lung"]:F3} < {LungFloor}");
    }
}
