namespace TinyUNet.Training.Data;

/// <summary>What to do about a lung-field class the source labels do not contain.</summary>
public enum LungFieldMode
{
    /// <summary>Labels are used as they are (the set has a lung label, or the model has none).</summary>
    None,
    /// <summary>Derive lung-field labels with <see cref="LungFieldEstimator"/>; lesions stay as labelled.</summary>
    Derive,
}
