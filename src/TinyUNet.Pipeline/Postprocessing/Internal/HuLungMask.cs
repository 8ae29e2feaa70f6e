using System.Buffers;
using TinyUNet.Dicom;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// The classical lung mask from HU alone, in 3-D: each slice's candidate air (<see cref="SliceAirCandidates"/>: inside
/// the body, not outside air, airways and gas pockets out), joined into 3-D components, and a component kept when the
/// model calls a fair part of it lung. The model's vote rejects air the HU rules cannot tell from lung (mottled stool,
/// air trapped between an arm and the chest), and the HU rules reject what the model calls lung wrongly (bowel gas,
/// soft tissue, the liver).
/// </summary>
internal static class HuLungMask
{
    /// <summary>A component is lung when at least this fraction of its voxels is lung field, GGO or consolidation to the model.</summary>
    private const double MinimumModelAgreement = 0.3;

    private static readonly SearchValues<byte> Candidate = SearchValues.Create([SliceAirCandidates.LungAir]);

    /// <returns>
    /// Per voxel of the class map's grid: <see cref="SliceAirCandidates.LungAir"/> for lung,
    /// <see cref="SliceAirCandidates.GasPocket"/> for gas inside the body, 0 for anything else.
    /// </returns>
    public static byte[] Build(IReadOnlyList<short[]> hu, LabelVolume classMap, float airBelowHu, SliceScratchPool scratches,
        CancellationToken cancellationToken)
    {
        int sliceLength = classMap.SliceLength;
        var mask = new byte[classMap.Voxels.Length];
        Parallel.For(0, classMap.Depth, new ParallelOptions { CancellationToken = cancellationToken },
            scratches.Rent,
            (z, _, scratch) =>
            {
                SliceAirCandidates.Find(hu[z], classMap.Columns, classMap.Rows, airBelowHu, mask.AsSpan(z * sliceLength, sliceLength), scratch);
                return scratch;
            },
            scratches.Return);

        var candidates = new LabelVolume(classMap.Columns, classMap.Rows, classMap.Depth, mask);
        RunLengthMask runs = RunLengthMask.Extract(candidates, Candidate, cancellationToken);
        if (runs.Count == 0) return mask;
        RunLengthComponents components = RunLengthComponents.Label(runs, Connectivity.Face6, cancellationToken);
        var agreeing = new long[components.Count];
        for (int line = 0; line < runs.LineCount; line++)
        {
            ReadOnlySpan<byte> labels = classMap.Voxels.AsSpan(line * classMap.Columns, classMap.Columns);
            for (int run = runs.LineStart[line]; run < runs.LineStart[line + 1]; run++)
                agreeing[components.ComponentOfRun[run]] += runs.End[run] - runs.Start[run]
                    - labels[runs.Start[run]..runs.End[run]].Count((byte)LungClass.Background);
        }
        for (int line = 0; line < runs.LineCount; line++)
            for (int run = runs.LineStart[line]; run < runs.LineStart[line + 1]; run++)
            {
                int component = components.ComponentOfRun[run];
                if (agreeing[component] < MinimumModelAgreement * components.VoxelCount[component])
                    runs.Fill(candidates, line, run, 0);
            }
        return mask;
    }
}
