namespace TinyUNet.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The command ran and its check failed (e.g. parity above tolerance).</summary>
    public const int CheckFailed = 1;
    public const int Usage = 2;
    /// <summary>Bad input or an environment problem, reported in one line.</summary>
    public const int Error = 3;
}
