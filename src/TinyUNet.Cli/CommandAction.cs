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
            string message = e.Message.ReplaceLineEndings(" ");
            Console.Error.WriteLine($"error: {message}");
            return ExitCodes.Error;
        }
    }
}
