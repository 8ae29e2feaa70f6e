namespace TinyUNet.Dicom.Segmentation;

/// <summary>A DICOM code sequence item: CodeValue, CodingSchemeDesignator (SCT, DCM…), CodeMeaning.</summary>
public sealed record CodedConcept(string Value, string Scheme, string Meaning);
