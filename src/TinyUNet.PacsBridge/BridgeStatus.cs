namespace TinyUNet.PacsBridge;

/// <summary>How the poll loop is doing, for the health check: last success, failures in a row and the last error's type.</summary>
internal sealed class BridgeStatus(TimeProvider time)
{
    private readonly Lock gate = new();

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();
    public DateTimeOffset? LastSuccessAt { get; private set; }
    public int ConsecutiveFailures { get; private set; }
    public string? LastErrorType { get; private set; }

    public void Succeeded()
    {
        lock (gate)
        {
            LastSuccessAt = time.GetUtcNow();
            ConsecutiveFailures = 0;
            LastErrorType = null;
        }
    }

    public void Failed(Exception error)
    {
        lock (gate)
        {
            ConsecutiveFailures++;
            LastErrorType = error.GetType().Name;
        }
    }
}
