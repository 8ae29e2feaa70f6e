using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using TinyUNet.Training.Nifti;

namespace TinyUNet.Training.Tests;

/// <summary>Writes little-endian single-file NIfTI-1 volumes with chosen header fields (gzip when the name ends .gz).</summary>
public static class NiftiTestFile
{
    public static void Write(string path, int[] dims, NiftiDatatype datatype, double[] values,
        float slope = 0, float intercept = 0, float[]? spacing = null)
    {
        int bits = datatype switch { NiftiDatatype.UInt8 => 8, NiftiDatatype.Int16 => 16, NiftiDatatype.Float32 => 32, _ => 64 };
        var bytes = new byte[352 + values.Length * bits / 8];
        Span<byte> h = bytes;
        BinaryPrimitives.WriteInt32LittleEndian(h, 348);
        BinaryPrimitives.WriteInt16LittleEndian(h[40..], (short)dims.Length);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(h[(42 + 2 * i)..], (short)dims[i]);
        BinaryPrimitives.WriteInt16LittleEndian(h[70..], (short)datatype);
        BinaryPrimitives.WriteInt16LittleEndian(h[72..], (short)bits);
        float[] pixdim = [1, .. spacing ?? [1, 1, 1]];
        for (int i = 0; i < pixdim.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(h[(76 + 4 * i)..], pixdim[i]);
        BinaryPrimitives.WriteSingleLittleEndian(h[108..], 352);
        BinaryPrimitives.WriteSingleLittleEndian(h[112..], slope);
        BinaryPrimitives.WriteSingleLittleEndian(h[116..], intercept);
        Encoding.ASCII.GetBytes("n+1\0").CopyTo(h[344..]);
        Span<byte> data = h[352..];
        for (int i = 0; i < values.Length; i++)
        {
            switch (datatype)
            {
                case NiftiDatatype.UInt8: data[i] = (byte)values[i]; break;
                case NiftiDatatype.Int16: BinaryPrimitives.WriteInt16LittleEndian(data[(2 * i)..], (short)values[i]); break;
                case NiftiDatatype.Float32: BinaryPrimitives.WriteSingleLittleEndian(data[(4 * i)..], (float)values[i]); break;
                default: BinaryPrimitives.WriteDoubleLittleEndian(data[(8 * i)..], values[i]); break;
            }
        }
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) { File.WriteAllBytes(path, bytes); return; }
        using FileStream file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(bytes);
    }
}
