namespace TinyUNet.Cli;

/// <summary>Runs a verb's body so that any failure is one line on stderr and a non-zero exit code.</summary>
public static class CommandAction
{
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {Describe(e)}");
            return ExitCodes.Error;
        }
    }

    private static string Describe(Exception e)
    {
        // TorchSharp reports a missing libtorch as "type initializer threw"; the reason is inside.
        if (e is TypeInitializationException { InnerException: { } inner } && e.Message.Contains("TorchSharp", StringComparison.Ordinal))
            return "libtorch could not be loaded (with -p:TorchBackend=external, set LD_LIBRARY_PATH to a libtorch, " +
                   "e.g. PyTorch's lib folder): " + inner.Message.Split('\n')[0].Trim();
        return e.Message.ReplaceLineEndings(" ");
    }
}
