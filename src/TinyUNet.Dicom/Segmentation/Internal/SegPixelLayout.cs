using gdcm;
using TinyUNet.Dicom.Gdcm;

namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>How a SEG's frames are stored (segmentation type, bits per pixel) and how to decode one to 0/value bytes.</summary>
internal sealed class SegPixelLayout
{
    private const ushort PixelPaddingValueElement = 0x0120;

    private SegPixelLayout(string type, int bits, int frames, int frameLength, int maxFractional, int? padding)
    {
        SegmentationType = type;
        _bits = bits;
        Frames = frames;
        _frameLength = frameLength;
        _maxFractional = maxFractional;
        PaddingValue = padding;
    }

    private readonly int _bits, _frameLength, _maxFractional;

    public string SegmentationType { get; }
    public int Frames { get; }
    public int? PaddingValue { get; }
    public bool IsLabelMap => SegmentationType == "LABELMAP";
    public long RequiredBytes => _bits == 1 ? ((long)Frames * _frameLength + 7) / 8 : (long)Frames * _frameLength;

    public static SegPixelLayout Read(DataSet ds, CtSeries source)
    {
        var rows = ds.GetUShorts(DicomTag.Rows);
        var columns = ds.GetUShorts(DicomTag.Columns);
        if (rows.Length != 1 || columns.Length != 1)
            throw new SegmentationReadException(SegmentationReadError.Malformed, "Rows/Columns missing.");
        if (rows[0] != source.Rows || columns[0] != source.Columns)
            throw new SegmentationReadException(SegmentationReadError.GeometryMismatch,
                $"SEG frames are {columns[0]}×{rows[0]}, the series' slices {source.Columns}×{source.Rows}.");
        int frames = ds.GetInteger(DicomTag.NumberOfFrames) ?? 1;
        var bits = ds.GetUShorts(DicomTag.BitsAllocated);
        string type = ds.GetString(DicomTag.SegmentationType) ?? "";
        int bitsAllocated = bits.Length == 1 ? bits[0] : 0;
        int maxFractional = ds.GetUShorts(DicomTag.MaximumFractionalValue).FirstOrDefault((ushort)255);
        var padding = ds.GetUShorts(new DicomTag(0x0028, PixelPaddingValueElement));
        bool supported = (type, bitsAllocated) is ("BINARY", 1) or ("FRACTIONAL", 8) or ("LABELMAP", 8);
        if (!supported)
            throw new SegmentationReadException(SegmentationReadError.Unsupported,
                $"SegmentationType {type} with {bitsAllocated} bits allocated is not supported.");
        return new SegPixelLayout(type, bitsAllocated, frames, source.Rows * source.Columns, maxFractional,
            padding.Length == 1 ? padding[0] : null);
    }

    /// <summary>BINARY → 0/1; FRACTIONAL → 1 where above half the maximum; LABELMAP → the stored value.</summary>
    public void Decode(byte[] pixels, int frame, Span<byte> target)
    {
        if (_bits == 1)
        {
            BitPacking.UnpackFrame(pixels, (long)frame * _frameLength, target);
            return;
        }
        var source = pixels.AsSpan((int)((long)frame * _frameLength), _frameLength);
        if (IsLabelMap) source.CopyTo(target);
        else
            for (int i = 0; i < target.Length; i++) target[i] = source[i] * 2 > _maxFractional ? (byte)1 : (byte)0;
    }
}
