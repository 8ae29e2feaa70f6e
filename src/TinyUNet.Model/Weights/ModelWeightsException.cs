namespace TinyUNet.Model.Weights;

/// <summary>A weight file that cannot be used for this network: unreadable, or keys/shapes that do not match.</summary>
public sealed class ModelWeightsException : Exception
{
    public ModelWeightsException(string message, string? key = null, Exception? inner = null) : base(message, inner)
    {
        Key = key;
    }

    /// <summary>The state_dict key at fault, when one is.</summary>
    public string? Key { get; }
}
