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

    private const string FramesScript = """
        import sys, json, hashlib, pydicom
        ds = pydicom.dcmread(sys.argv[1])
        frames = ds.pixel_array.reshape(int(ds.NumberOfFrames), ds.Rows, ds.Columns)
        out = []
        for i, f in enumerate(ds.PerFrameFunctionalGroupsSequence):
            n = int(f.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
            z = [round(float(v), 3) for v in f.PlanePositionSequence[0].ImagePositionPatient]
            out.append(f"{n} {z} {hashlib.sha256(frames[i].astype('uint8').tobytes()).hexdigest()}")
        print(json.dumps(sorted(out)))
        """;

    /// <summary>Every frame as "segment, ImagePositionPatient, sha256 of its unpacked pixels", sorted: two SEGs with the same list hold the same masks in the same places.</summary>
    public static IReadOnlyList<string> FrameDigests(string segPath) =>
        JsonSerializer.Deserialize<List<string>>(PyDicom.Run(FramesScript, segPath))!;

    /// <summary>Set voxels per ReferencedSegmentNumber, summed over the unpacked frames.</summary>
    public static Dictionary<int, long> VoxelsPerSegment(string segPath) =>
        JsonSerializer.Deserialize<Dictionary<int, long>>(PyDicom.Run(VoxelsScript, segPath))!;
}
