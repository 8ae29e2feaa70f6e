namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>
/// The pipeline's class indices in a class map (the model's NCP setting). Fixed here, whatever order a bundle's
/// manifest uses, so writers and volumetrics never depend on a particular model (see <see cref="ClassIndexMap"/>).
/// </summary>
public enum LungClass : byte
{
    Background = 0,
    /// <summary>Normal-looking parenchyma.</summary>
    LungField = 1,
    GroundGlassOpacity = 2,
    Consolidation = 3,
}
