namespace TinyUNet.Dicom;

/// <summary>Marker for the assembly; real types arrive with the DICOM layer.</summary>
internal static class AssemblyMarker;
