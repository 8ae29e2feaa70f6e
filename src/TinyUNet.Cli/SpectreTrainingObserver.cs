using System.Globalization;
using Spectre.Console;
using TinyUNet.Training;

namespace TinyUNet.Cli;

/// <summary>
/// Training progress on stderr (stdout keeps the final JSON): a live bar with the batch loss on a terminal, one line
/// per epoch always (loss, validation loss, per-class validation Dice), so nohup logs read the same. Without a live
/// display (nohup, CI) a long epoch also prints a batch line every <see cref="QuietBatchLineInterval"/>.
/// </summary>
public sealed class SpectreTrainingObserver(IAnsiConsole console) : ITrainingObserver
{
    private static readonly TimeSpan QuietBatchLineInterval = TimeSpan.FromMinutes(1);

    private ProgressTask? epochTask;
    private DateTime lastQuietLine = DateTime.UtcNow;

    /// <summary>Set when a live progress display is running (interactive terminals only).</summary>
    public ProgressContext? Progress { get; set; }

    public void RunStarted(TrainingPlan plan)
    {
        console.MarkupLine(Invariant($"[bold]train[/] {Markup.Escape(plan.Dataset)}"));
        console.MarkupLine(Invariant(
            $"  {plan.TrainSlices} training / {plan.ValidationSlices} validation slices, epochs {plan.FirstEpoch}..{plan.Epochs}, {plan.BatchesPerEpoch} batches per epoch, intensity mean {plan.Mean:F3} std {plan.Std:F3}"));
        console.MarkupLine($"  {Markup.Escape(plan.Hardware)}");
    }

    public void BatchDone(int epoch, int batch, int batches, double loss)
    {
        if (Progress is null)
        {
            if (DateTime.UtcNow - lastQuietLine < QuietBatchLineInterval) return;
            lastQuietLine = DateTime.UtcNow;
            console.MarkupLine(Invariant($"  epoch {epoch} batch {batch}/{batches} loss {loss:F4}"));
            return;
        }
        epochTask ??= Progress.AddTask("epoch", maxValue: batches);
        epochTask.Description = Invariant($"epoch {epoch} loss {loss:F4}");
        epochTask.MaxValue = batches;
        epochTask.Value = batch;
    }

    public void EpochDone(EpochResult result)
    {
        string dice = string.Join(" ", result.Validation.Select(m => Invariant($"{m.Name} {m.PooledDice:F3}")));
        string validation = result.ValidationLoss is { } v ? Invariant($"val loss {v:F4}  Dice {dice}") : "no validation";
        double perSlice = result.Seconds / Math.Max(1, result.TrainSlices);
        console.MarkupLine(Markup.Escape(Invariant(
            $"epoch {result.Epoch}/{result.Epochs}  lr {result.LearningRate:E2}  loss {result.TrainLoss:F4}  {validation}  ({result.Seconds:F1} s, {perSlice:F2} s/slice)")));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
