namespace TinyUNet.Worker.Retrieval;

/// <summary>
/// The study can never be segmented as asked (bad input, not a retrieval hiccup): retry skips it and the command goes
/// to the error queue with <see cref="Exception.Message"/> as the reason. Messages name UIDs and settings, never PHI.
/// </summary>
public sealed class PermanentSegmentationException(string reason, Exception? inner = null) : Exception(reason, inner);
