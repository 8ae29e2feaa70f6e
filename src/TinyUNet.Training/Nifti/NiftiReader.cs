using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TinyUNet.Training.Nifti;

/// <summary>
/// Reads single-file NIfTI-1 (.nii, or .nii.gz by its gzip magic) of either byte order: header fields and voxel data
/// of the <see cref="NiftiDatatype"/> types, with scl_slope/scl_inter applied. Only the first 3 dimensions are read
/// (a 4-D file yields its first volume).
/// </summary>
public static class NiftiReader
{
    public static bool IsNiftiFile(string path) =>
        path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>The name without .nii or .nii.gz.</summary>
    public static string Stem(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        return name.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }

    /// <exception cref="InvalidDataException">Not NIfTI-1, truncated, or an unsupported datatype.</exception>
    public static NiftiVolume Read(string path)
    {
        byte[] bytes = ReadAllMaybeGzip(path);
        NiftiHeader header = ParseHeader(bytes, path);
        long count = (long)header.Width * header.Height * header.Depth;
        int size = header.BitsPerVoxel / 8;
        long start = (long)header.VoxelOffset;
        if (start < NiftiHeader.Size || start + count * size > bytes.Length)
            throw new InvalidDataException($"{path}: NIfTI data truncated ({bytes.Length} bytes, need {start + count * size}).");
        var voxels = new float[count];
        ReadOnlySpan<byte> data = bytes.AsSpan((int)start, (int)(count * size));
        bool le = header.LittleEndian;
        for (int i = 0; i < voxels.Length; i++)
        {
            ReadOnlySpan<byte> v = data.Slice(i * size, size);
            double value = header.Datatype switch
            {
                NiftiDatatype.UInt8 => v[0],
                NiftiDatatype.Int8 => (sbyte)v[0],
                NiftiDatatype.Int16 => le ? BinaryPrimitives.ReadInt16LittleEndian(v) : BinaryPrimitives.ReadInt16BigEndian(v),
                NiftiDatatype.UInt16 => le ? BinaryPrimitives.ReadUInt16LittleEndian(v) : BinaryPrimitives.ReadUInt16BigEndian(v),
                NiftiDatatype.Int32 => le ? BinaryPrimitives.ReadInt32LittleEndian(v) : BinaryPrimitives.ReadInt32BigEndian(v),
                NiftiDatatype.UInt32 => le ? BinaryPrimitives.ReadUInt32LittleEndian(v) : BinaryPrimitives.ReadUInt32BigEndian(v),
                NiftiDatatype.Float32 => le ? BinaryPrimitives.ReadSingleLittleEndian(v) : BinaryPrimitives.ReadSingleBigEndian(v),
                _ => le ? BinaryPrimitives.ReadDoubleLittleEndian(v) : BinaryPrimitives.ReadDoubleBigEndian(v),
            };
            voxels[i] = header.HasScaling ? (float)(value * header.ScaleSlope + header.ScaleIntercept) : (float)value;
        }
        return new NiftiVolume(header, voxels);
    }

    public static NiftiHeader ParseHeader(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < NiftiHeader.Size) throw new InvalidDataException($"{path}: too short for a NIfTI-1 header.");
        byte[] h = bytes[..NiftiHeader.Size].ToArray();
        bool le = BinaryPrimitives.ReadInt32LittleEndian(h) == NiftiHeader.Size;
        if (!le && BinaryPrimitives.ReadInt32BigEndian(h) != NiftiHeader.Size)
            throw new InvalidDataException($"{path}: sizeof_hdr is not 348 in either byte order: not NIfTI-1.");
        string magic = Encoding.ASCII.GetString(h, 344, 3);
        if (magic != "n+1")
            throw new InvalidDataException($"{path}: magic '{magic}' is not 'n+1' (only single-file NIfTI-1 is read).");

        short I16(int o) => le ? BinaryPrimitives.ReadInt16LittleEndian(h.AsSpan(o)) : BinaryPrimitives.ReadInt16BigEndian(h.AsSpan(o));
        float F32(int o) => le ? BinaryPrimitives.ReadSingleLittleEndian(h.AsSpan(o)) : BinaryPrimitives.ReadSingleBigEndian(h.AsSpan(o));

        int rank = I16(40);
        if (rank is < 1 or > 7) throw new InvalidDataException($"{path}: dim[0] = {rank} is out of range.");
        int[] dims = Enumerable.Range(1, Math.Min(rank, 3)).Select(i => (int)I16(40 + 2 * i)).ToArray();
        if (dims.Any(d => d < 1)) throw new InvalidDataException($"{path}: dimensions [{string.Join(", ", dims)}] must be positive.");
        short code = I16(70);
        if (!Enum.IsDefined(typeof(NiftiDatatype), code))
            throw new InvalidDataException($"{path}: NIfTI datatype {code} is not supported.");
        var datatype = (NiftiDatatype)code;
        short bitpix = I16(72);
        if (bitpix != ExpectedBits(datatype))
            throw new InvalidDataException($"{path}: bitpix {bitpix} does not match datatype {datatype}.");
        float[] spacing = [.. Enumerable.Range(1, 3).Select(i => F32(76 + 4 * i))];
        return new NiftiHeader(dims, datatype, bitpix, spacing, F32(108), F32(112), F32(116), le);
    }

    private static int ExpectedBits(NiftiDatatype type) => type switch
    {
        NiftiDatatype.UInt8 or NiftiDatatype.Int8 => 8,
        NiftiDatatype.Int16 or NiftiDatatype.UInt16 => 16,
        NiftiDatatype.Int32 or NiftiDatatype.UInt32 or NiftiDatatype.Float32 => 32,
        _ => 64,
    };

    private static byte[] ReadAllMaybeGzip(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
