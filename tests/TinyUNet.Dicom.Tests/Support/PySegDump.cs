using System.Security.Cryptography;
using TinyUNet.Dicom.Segmentation;

namespace TinyUNet.Dicom.Tests.Support;

/// <summary>
/// pydicom's view of a SEG's frames: per frame the referenced segment, source SOP Instance UID, number of set
/// pixels and the sha256 of the unpacked 0/1 bytes (row-major), so tests compare exact pixels without files of arrays.
/// </summary>
public static class PySegDump
{
    private const string Script = """
import sys, hashlib
import numpy as np
import pydicom
ds = pydicom.dcmread(sys.argv[1])
arr = ds.pixel_array
n = int(getattr(ds, 'NumberOfFrames', 1))
arr = arr.reshape((n, ds.Rows, ds.Columns)).astype(np.uint8)
shared = ds.SharedFunctionalGroupsSequence[0] if 'SharedFunctionalGroupsSequence' in ds else None
for i, fg in enumerate(ds.PerFrameFunctionalGroupsSequence):
    seg = fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber if 'SegmentIdentificationSequence' in fg else shared.SegmentIdentificationSequence[0].ReferencedSegmentNumber
    uid = fg.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID if 'DerivationImageSequence' in fg else '-'
    f = (arr[i] != 0).astype(np.uint8)
    print(seg, uid, int(f.sum()), hashlib.sha256(f.tobytes()).hexdigest())
""";

    public sealed record Frame(int Segment, string SourceUid, long Count, string Sha256);

    public static IReadOnlyList<Frame> Read(string segPath) =>
        PyDicom.Run(Script, segPath).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Select(p => new Frame(int.Parse(p[0]), p[1], long.Parse(p[2]), p[3]))
            .ToList();

    /// <summary>The frames our writer should produce for these masks: non-empty slices, segments in number order.</summary>
    public static IReadOnlyList<Frame> Expected(CtSeries series, IReadOnlyList<SegmentMask> masks)
    {
        var frames = new List<Frame>();
        foreach (var m in masks.OrderBy(m => m.Segment.Number))
        {
            int before = frames.Count;
            for (int k = 0; k < m.Mask.Depth; k++)
            {
                var slice = m.Mask.Slice(k).ToArray();
                long count = slice.Count(v => v != 0);
                if (count == 0) continue;
                frames.Add(new Frame(m.Segment.Number, series.Slices[k].SopInstanceUid, count, Hash(slice)));
            }
            if (frames.Count == before)
                frames.Add(new Frame(m.Segment.Number, series.Slices[0].SopInstanceUid, 0, Hash(new byte[m.Mask.SliceLength])));
        }
        return frames;
    }

    private static string Hash(byte[] zeroOne) =>
        Convert.ToHexStringLower(SHA256.HashData(zeroOne.Select(v => v != 0 ? (byte)1 : (byte)0).ToArray()));
}
