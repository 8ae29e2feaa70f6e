using gdcm;
using TinyUNet.Dicom.Gdcm;
using TinyUNet.Dicom.Segmentation.Internal;

namespace TinyUNet.Dicom.Segmentation;

/// <summary>
/// Reads a DICOM-SEG (ours, dcmqi's, highdicom's) into per-segment binary masks over its source series. BINARY
/// frames are bit-packed; FRACTIONAL frames count as inside where the value is above half of MaximumFractionalValue;
/// LABELMAP frames hold segment numbers (PixelPaddingValue, when present, belongs to no segment).
/// Uncompressed transfer syntaxes only (implicit or explicit VR): our SEGs and the reference ones are.
/// </summary>
public sealed class SegmentationReader
{
    public SegmentationReadResult Read(string path, CtSeries source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Slices.Count == 0) throw new ArgumentException("The source series has no slices.", nameof(source));
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException("No such SEG file.", path);
        try
        {
            return ReadExisting(path, source, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException or ArgumentException)
        {
            // Unparsable values (a DS that is not a number, a short multi-valued attribute) mean a malformed file.
            throw new SegmentationReadException(SegmentationReadError.Malformed, $"Malformed SEG: {e.Message}");
        }
    }

    private static SegmentationReadResult ReadExisting(string path, CtSeries source, CancellationToken cancellationToken)
    {
        using var scope = new GdcmScope();
        using var reader = new Reader();
        reader.SetFileName(path);
        if (!reader.Read()) throw new SegmentationReadException(SegmentationReadError.Malformed, $"GDCM could not read {path}.");
        using var file = reader.GetFile();
        using var header = file.GetHeader();
        using (var ts = header.GetDataSetTransferSyntax())
            if (ts.IsEncapsulated())
                throw new SegmentationReadException(SegmentationReadError.Unsupported, $"Compressed SEG ({ts.GetString()?.Trim('\0', ' ')}) is not supported.");
        using var ds = file.GetDataSet();

        var sopClass = ds.GetString(DicomTag.SopClassUid);
        if (sopClass is not (SopClassUids.Segmentation or SopClassUids.LabelMapSegmentation))
            throw new SegmentationReadException(SegmentationReadError.NotASegmentation, $"SOP Class {sopClass} is not a segmentation.");
        var frameOfReference = ds.GetString(DicomTag.FrameOfReferenceUid);
        if (!string.IsNullOrEmpty(frameOfReference) && frameOfReference != source.FrameOfReferenceUid)
            throw new SegmentationReadException(SegmentationReadError.FrameOfReferenceMismatch,
                $"SEG frame of reference {frameOfReference} is not the series' {source.FrameOfReferenceUid}.");
        var layout = SegPixelLayout.Read(ds, source);
        var segments = SegmentItemsReading.Read(ds, scope);
        if (segments.Count == 0) throw new SegmentationReadException(SegmentationReadError.Malformed, "The SEG describes no segments.");
        CheckOrientation(ds, source, scope);

        var masks = segments.ToDictionary(s => s.Number, _ => new LabelVolume(source.Columns, source.Rows, source.Slices.Count));
        var pixels = ds.GetBytes(DicomTag.PixelData)
            ?? throw new SegmentationReadException(SegmentationReadError.Malformed, "The SEG has no pixel data.");
        if (pixels.LongLength < layout.RequiredBytes)
            throw new SegmentationReadException(SegmentationReadError.Malformed,
                $"Pixel data holds {pixels.LongLength} bytes, {layout.RequiredBytes} needed for {layout.Frames} frames.");

        var frames = SegFrameReading.Read(ds, scope, layout.Frames, segments);
        var index = new SourceSliceIndex(source);
        int sliceLength = source.Rows * source.Columns;
        var frame = new byte[sliceLength];
        for (int f = 0; f < frames.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = index.Find(frames[f].SourceSopInstanceUid, frames[f].Position)
                ?? throw new SegmentationReadException(SegmentationReadError.FrameNotInSource,
                    $"Frame {f + 1} matches no slice of series {source.SeriesInstanceUid}.");
            layout.Decode(pixels, f, frame);
            if (layout.IsLabelMap)
            {
                foreach (var (number, mask) in masks)
                    if (number != layout.PaddingValue && number <= byte.MaxValue) MergeLabel(frame, mask.Slice(slice), (byte)number);
            }
            else
            {
                if (!masks.TryGetValue(frames[f].SegmentNumber, out var mask))
                    throw new SegmentationReadException(SegmentationReadError.Malformed, $"Frame {f + 1} references undescribed segment {frames[f].SegmentNumber}.");
                MergeBinary(frame, mask.Slice(slice));
            }
        }

        return new SegmentationReadResult(
            ds.GetString(DicomTag.SeriesInstanceUid) ?? "",
            ds.GetString(DicomTag.SopInstanceUid) ?? "",
            layout.SegmentationType,
            layout.Frames,
            segments.Select(s => new SegmentMask(s, masks[s.Number])).ToList());
    }

    // Two frames of one segment on one slice (allowed, if odd) are unioned rather than overwritten.
    private static void MergeBinary(ReadOnlySpan<byte> frame, Span<byte> target)
    {
        for (int i = 0; i < frame.Length; i++) target[i] |= frame[i];
    }

    private static void MergeLabel(ReadOnlySpan<byte> frame, Span<byte> target, byte number)
    {
        for (int i = 0; i < frame.Length; i++)
            if (frame[i] == number) target[i] = 1;
    }

    private static void CheckOrientation(DataSet ds, CtSeries source, GdcmScope scope)
    {
        var orientation = ds.GetFirstItem(DicomTag.SharedFunctionalGroupsSequence, scope)
            ?.GetFirstItem(DicomTag.PlaneOrientationSequence, scope)
            ?.GetDecimals(DicomTag.ImageOrientationPatient);
        if (orientation is not { Length: 6 }) return; // per-frame orientation: positions are still checked frame by frame
        var row = new Vector3(orientation[0], orientation[1], orientation[2]);
        var col = new Vector3(orientation[3], orientation[4], orientation[5]);
        if ((row - source.RowDirection).Length > 1e-3 || (col - source.ColumnDirection).Length > 1e-3)
            throw new SegmentationReadException(SegmentationReadError.GeometryMismatch, "SEG plane orientation differs from the series'.");
    }
}
