using System.CommandLine;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `--no-lung-guard` of segment, predict, evaluate and bench-study: the anatomical lung guard is on unless asked otherwise, and off
/// only to compare with it (the same switch as Postprocessing:LungGuardAirBelowHu = null in the worker).
/// </summary>
public static class LungGuardOption
{
    public static Option<bool> Create() => new("--no-lung-guard")
    {
        Description = "Switch off the anatomical lung guard (lesion and lung only near the HU lung mask); for comparison.",
    };

    public static LungPostprocessingOptions Postprocessing(bool lungGuard) =>
        lungGuard ? new LungPostprocessingOptions() : new LungPostprocessingOptions { LungGuardAirBelowHu = null };
}
