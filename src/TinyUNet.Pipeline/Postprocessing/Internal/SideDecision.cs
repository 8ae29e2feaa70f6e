namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// The outcome of the side split: how it was decided, the cutting plane x = PlaneX (patient mm; lower x is the
/// patient's right), the one component cut voxel by voxel at the plane (or −1), and every other kept component's side.
/// </summary>
internal sealed record SideDecision(SideSplitMethod Method, double? PlaneX, int CutComponent, LungSide[] SideOfComponent);
