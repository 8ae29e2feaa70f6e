using Spectre.Console;

namespace TinyUNet.Cli.Commands;

/// <summary>A progress bar on stderr (stdout stays the verb's JSON) while many commands are sent; none for one.</summary>
public static class SendProgress
{
    /// <summary>Runs <paramref name="body"/>, which calls the given action once per message sent.</summary>
    public static async Task RunAsync(string label, int count, Func<Action, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 1)
        {
            await body(() => { });
            return;
        }
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(label, maxValue: count);
                await body(() => task.Increment(1));
            });
    }
}
