namespace TinyUNet.Dicom.Segmentation.Internal;

internal static class SopClassUids
{
    public const string Segmentation = "1.2.840.10008.5.1.4.1.1.66.4";
    public const string LabelMapSegmentation = "1.2.840.10008.5.1.4.1.1.66.7";
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
}
