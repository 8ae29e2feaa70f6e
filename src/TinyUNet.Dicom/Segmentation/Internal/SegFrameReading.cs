using gdcm;
using TinyUNet.Dicom.Gdcm;

namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>
/// Reads per-frame functional groups, falling back to the shared group for attributes a writer put there
/// (a one-segment SEG may carry SegmentIdentification in the shared group).
/// </summary>
internal static class SegFrameReading
{
    public static IReadOnlyList<SegFrameInfo> Read(DataSet ds, GdcmScope scope, int frames, IReadOnlyList<SegmentDescription> segments)
    {
        var perFrame = ds.GetItems(DicomTag.PerFrameFunctionalGroupsSequence, scope);
        if (perFrame.Count != frames)
            throw new SegmentationReadException(SegmentationReadError.Malformed,
                $"{perFrame.Count} per-frame functional group items for {frames} frames.");
        var shared = ds.GetFirstItem(DicomTag.SharedFunctionalGroupsSequence, scope);
        int? sharedSegment = shared is null ? null : SegmentNumber(shared, scope);
        var sharedPosition = shared is null ? null : Position(shared, scope);
        int? onlySegment = segments.Count == 1 ? segments[0].Number : null;
        var result = new List<SegFrameInfo>(frames);
        foreach (var item in perFrame)
        {
            var segment = SegmentNumber(item, scope) ?? sharedSegment ?? onlySegment ?? 0;
            var source = item.GetFirstItem(DicomTag.DerivationImageSequence, scope)
                ?.GetFirstItem(DicomTag.SourceImageSequence, scope)
                ?.GetString(DicomTag.ReferencedSopInstanceUid);
            result.Add(new SegFrameInfo(segment, source, Position(item, scope) ?? sharedPosition));
        }
        return result;
    }

    private static int? SegmentNumber(DataSet group, GdcmScope scope)
    {
        var numbers = group.GetFirstItem(DicomTag.SegmentIdentificationSequence, scope)?.GetUShorts(DicomTag.ReferencedSegmentNumber);
        return numbers is { Length: > 0 } ? numbers[0] : null;
    }

    private static Vector3? Position(DataSet group, GdcmScope scope)
    {
        var p = group.GetFirstItem(DicomTag.PlanePositionSequence, scope)?.GetDecimals(DicomTag.ImagePositionPatient);
        return p is { Length: 3 } ? new Vector3(p[0], p[1], p[2]) : null;
    }
}

/// <summary>What a SEG says about one of its frames: its segment, its source image, its position.</summary>
internal sealed record SegFrameInfo(int SegmentNumber, string? SourceSopInstanceUid, Vector3? Position);
