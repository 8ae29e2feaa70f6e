using System.CommandLine;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `--flip-average` / `--no-flip-average` of segment, predict, evaluate and bench-study: test-time flip averaging as the
/// bundle's manifest asks unless one of them says otherwise (the worker's Device:FlipAveraging).
/// </summary>
public sealed class FlipAveragingOption
{
    public Option<bool> On { get; } = new("--flip-average")
    {
        Description = "Test-time flip averaging on (each slice and its mirror image, scores averaged: twice the inference), whatever the bundle says.",
    };

    public Option<bool> Off { get; } = new("--no-flip-average")
    {
        Description = "Test-time flip averaging off, whatever the bundle says (default: as the bundle's manifest asks).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(On);
        command.Options.Add(Off);
        command.Validators.Add(result =>
        {
            if (result.GetValue(On) && result.GetValue(Off)) result.AddError("--flip-average and --no-flip-average contradict each other.");
        });
    }

    /// <summary>True or false when asked for, null for the bundle's choice.</summary>
    public bool? Value(ParseResult parse) => parse.GetValue(On) ? true : parse.GetValue(Off) ? false : null;
}
