namespace TinyUNet.Pipeline;

/// <summary>Marker for the assembly; real types arrive with the pipeline stages.</summary>
internal static class AssemblyMarker;
