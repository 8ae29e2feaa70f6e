namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Decides which kept whole-lung component is which patient side. In LPS the patient's right is −x, so lower x is
/// right. Order of tests: (1) the largest component shows two lungs (see <see cref="MidlineFinder"/>) → it is cut at
/// that plane; (2) otherwise a second component of at least SecondLungMinFraction of the largest is the other lung →
/// the plane is midway between their centroids; (3) otherwise one lung only → the plane is the field-of-view centre
/// (patients lie centred in the scan field). Every other kept component goes by its centroid against the plane.
/// </summary>
internal static class SideSplitter
{
    public static SideDecision Decide(
        RunLengthMask runs, RunLengthComponents components, bool[] kept, ComponentStats stats, PatientX geometry,
        LungPostprocessingOptions options, CancellationToken cancellationToken)
    {
        var sides = new LungSide[components.Count];
        int[] bySize = Enumerable.Range(0, components.Count).Where(c => kept[c])
            .OrderByDescending(c => stats.VoxelCount[c]).ToArray();
        if (bySize.Length == 0) return new SideDecision(SideSplitMethod.NoLung, null, -1, sides);

        int largest = bySize[0];
        double? cut = MidlineFinder.FindCut(runs, components, largest, stats, geometry, options, cancellationToken);
        SideSplitMethod method;
        double plane;
        int cutComponent = -1;
        if (cut is { } x)
        {
            (method, plane, cutComponent) = (SideSplitMethod.MidlinePlane, x, largest);
        }
        else if (bySize.Length > 1 && stats.VoxelCount[bySize[1]] >= options.SecondLungMinFraction * stats.VoxelCount[largest])
        {
            (method, plane) = (SideSplitMethod.SeparateComponents, (stats.CentroidX(largest) + stats.CentroidX(bySize[1])) / 2);
        }
        else
        {
            (method, plane) = (SideSplitMethod.SingleComponent, geometry.FieldOfViewCentre);
        }

        foreach (int c in bySize)
            sides[c] = stats.CentroidX(c) < plane ? LungSide.Right : LungSide.Left;
        return new SideDecision(method, plane, cutComponent, sides);
    }
}

/// <summary>
/// The outcome of the side split: how it was decided, the cutting plane x = PlaneX (patient mm; lower x is the
/// patient's right), the one component cut voxel by voxel at the plane (or −1), and every other kept component's side.
/// </summary>
internal sealed record SideDecision(SideSplitMethod Method, double? PlaneX, int CutComponent, LungSide[] SideOfComponent);
