using System.Runtime.InteropServices;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Decodes one single-frame slice to Hounsfield units with GDCM (all codecs: raw, deflate, RLE, JPEG, JPEG-LS,
/// JPEG 2000). Wrappers are created and disposed on the calling thread (GDCM rule 3); one reader per call, so
/// several threads may decode distinct files at once (rule 1 is kept by never calling toString()).
/// </summary>
internal static class GdcmSliceDecoder
{

    public static short[] DecodeHu(CtSlice slice, int rows, int columns)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("GDCM buffers are read as little endian.");
        try
        {
            return DecodeUnguarded(slice, rows, columns);
        }
        catch (Exception e) when (e is not (DicomReadException or OutOfMemoryException))
        {
            // A broken slice must surface as a typed error naming its file, whatever the wrapper threw.
            throw new DicomReadException(slice.FilePath, $"pixel data could not be decoded ({e.GetType().Name})", e);
        }
    }

    private static short[] DecodeUnguarded(CtSlice slice, int rows, int columns)
    {
        GdcmRuntime.EnsureInitialised();
        string path = slice.FilePath;
        // Again here, not only at discovery: the file may have changed since, and GDCM aborts on truncation.
        if (Part10IntegrityCheck.FindDefect(path) is { } defect) throw new DicomReadException(path, defect);
        using var reader = new gdcm.ImageReader();
        reader.SetFileName(path);
        if (!reader.Read())
            throw new DicomReadException(path, "GDCM could not read the image (broken or truncated file?)");
        using var image = reader.GetImage();
        uint dimensions = image.GetNumberOfDimensions();
        if (dimensions > 2 && image.GetDimension(2) > 1)
            throw new UnsupportedDicomException(path, "multi-frame image: only single-frame CT is supported");
        if (image.GetColumns() != columns || image.GetRows() != rows)
            throw new DicomReadException(path,
                $"decoded size {image.GetColumns()}x{image.GetRows()} differs from the header's {columns}x{rows}");

        using var format = image.GetPixelFormat();
        int samples = format.GetSamplesPerPixel(), bitsAllocated = format.GetBitsAllocated();
        int bitsStored = format.GetBitsStored(), highBit = format.GetHighBit();
        bool signed = format.GetPixelRepresentation() == 1;
        if (samples != 1)
            throw new UnsupportedDicomException(path, $"{samples} samples per pixel: only grayscale is supported");
        if (bitsAllocated is not (8 or 16 or 32) || bitsStored < 1 || bitsStored > bitsAllocated || highBit >= bitsAllocated)
            throw new UnsupportedDicomException(path, $"pixel format {bitsAllocated}/{bitsStored}/{highBit} is not supported");

        int count = rows * columns;
        long expected = (long)count * bitsAllocated / 8;
        uint length = image.GetBufferLength();
        if (length < expected)
            throw new DicomReadException(path, $"decoded buffer has {length} bytes, expected {expected}");
        var buffer = new byte[length];
        if (!image.GetBuffer(buffer))
            throw new DicomReadException(path, $"GDCM could not decode the pixel data (transfer syntax {slice.TransferSyntaxUid})");

        double slope = slice.RescaleSlope, intercept = slice.RescaleIntercept;
        // A corrupt rescale (NaN, 0, 1e308) would give a volume of one value or of infinities that poison every later sum.
        if (!double.IsFinite(slope) || !double.IsFinite(intercept) || slope == 0)
            throw new DicomReadException(path, $"rescale slope {slope} / intercept {intercept} give no usable Hounsfield units");
        var hu = new short[count];
        var stored = new StoredValue(bitsStored, highBit, signed);
        // GDCM hands back the decoded frame in machine byte order (little endian on x64/arm64), whatever the syntax.
        switch (bitsAllocated)
        {
            case 8:
                for (int p = 0; p < count; p++) hu[p] = ToHu(stored.Value(buffer[p]) * slope + intercept, path, slope, intercept);
                break;
            case 16:
                ReadOnlySpan<ushort> words = MemoryMarshal.Cast<byte, ushort>(buffer.AsSpan(0, count * 2));
                for (int p = 0; p < count; p++) hu[p] = ToHu(stored.Value(words[p]) * slope + intercept, path, slope, intercept);
                break;
            default:
                ReadOnlySpan<uint> dwords = MemoryMarshal.Cast<byte, uint>(buffer.AsSpan(0, count * 4));
                for (int p = 0; p < count; p++) hu[p] = ToHu(stored.Value(dwords[p]) * slope + intercept, path, slope, intercept);
                break;
        }
        return hu;
    }

    /// <summary>
    /// <see cref="HuVolume.WholeHu"/> (CT stores integers: a slope of 1 keeps them exact; padding stored −32,768 with
    /// an intercept of −1,024 is clamped); a value that is not a number at all (a corrupt slope or intercept) refuses
    /// the slice.
    /// </summary>
    private static short ToHu(double value, string path, double slope, double intercept) => double.IsFinite(value)
        ? HuVolume.WholeHu(value)
        : throw new DicomReadException(path, $"rescale slope {slope} / intercept {intercept} overflow Hounsfield units");

    /// <summary>
    /// The stored value inside an allocated cell: bits above HighBit may carry overlays or garbage and are
    /// dropped; with PixelRepresentation 1 the value is sign-extended from BitsStored, not from BitsAllocated.
    /// </summary>
    private readonly struct StoredValue(int bitsStored, int highBit, bool signed)
    {
        private readonly int shift = highBit + 1 - bitsStored;
        private readonly ulong mask = (1UL << bitsStored) - 1;
        private readonly long signBit = 1L << (bitsStored - 1);

        public long Value(uint raw)
        {
            long value = (long)((raw >> shift) & mask);
            return signed && (value & signBit) != 0 ? value - (signBit << 1) : value;
        }
    }
}
