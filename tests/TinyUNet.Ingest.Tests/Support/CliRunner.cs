using TinyUNet.Cli;

namespace TinyUNet.Ingest.Tests.Support;

/// <summary>Runs the CLI in-process and captures stdout/stderr (Console is global: the tests using it run in one non-parallel collection).</summary>
public static class CliRunner
{
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        TextWriter originalOut = Console.Out, originalError = Console.Error;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = CliApplication.Build().Run(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
