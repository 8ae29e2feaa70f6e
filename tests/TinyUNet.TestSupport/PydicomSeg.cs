using System.Text.Json;

namespace TinyUNet.TestSupport;

/// <summary>A DICOM-SEG as pydicom (the independent reference) sees it.</summary>
public static class PydicomSeg
{
    private const string VoxelsScript = """
        import sys, json, pydicom
        ds = pydicom.dcmread(sys.argv[1])
        frames = ds.pixel_array.reshape(int(ds.NumberOfFrames), ds.Rows, ds.Columns)
        per = {}
        for i, f in enumerate(ds.PerFrameFunctionalGroupsSequence):
            n = int(f.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
            per[n] = per.get(n, 0) + int(frames[i].sum())
        print(json.dumps(per))
        """;

    /// <summary>Set voxels per ReferencedSegmentNumber, summed over the unpacked frames.</summary>
    public static Dictionary<int, long> VoxelsPerSegment(string segPath) =>
        JsonSerializer.Deserialize<Dictionary<int, long>>(PyDicom.Run(VoxelsScript, segPath))!;
}
