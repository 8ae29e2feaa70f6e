namespace TinyUNet.Dicom.Synthetic.Internal;

/// <summary>A lesion blob: its shape, model class (2 GGO, 3 consolidation) and attenuation.</summary>
internal sealed record Lesion(Ellipsoid Shape, byte Class, double Hu);
