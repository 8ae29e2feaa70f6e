using System.Runtime.InteropServices;
using System.Text.Json;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// What parent and decoder child say to each other, as length-prefixed binary: the child greets once when GDCM is
/// loaded, then answers each request (read a file's header; or decode its pixels, given the header values decoding
/// needs) with the header as JSON or HU, or with the typed refusal.
/// </summary>
internal static class DecoderProtocol
{
    public const int Hello = 0x54554E44; // "DNUT": the child is up and GDCM loaded

    public enum Request : byte
    {
        Header = 0,
        Pixels = 1,
    }

    public enum Outcome : byte
    {
        Done = 0,
        Broken = 1,
        Unsupported = 2,
    }

    public static void WriteHeaderRequest(BinaryWriter writer, string path)
    {
        writer.Write((byte)Request.Header);
        writer.Write(path);
        writer.Flush();
    }

    public static void WritePixelsRequest(BinaryWriter writer, CtSlice slice, int rows, int columns)
    {
        writer.Write((byte)Request.Pixels);
        writer.Write(slice.FilePath);
        writer.Write(slice.TransferSyntaxUid);
        writer.Write(rows);
        writer.Write(columns);
        writer.Write(slice.RescaleSlope);
        writer.Write(slice.RescaleIntercept);
        writer.Flush();
    }

    /// <summary>Null at the end of the parent's requests (its side of the pipe closed).</summary>
    public static Request? ReadRequestKind(BinaryReader reader)
    {
        try
        {
            return (Request)reader.ReadByte();
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    public static string ReadHeaderRequest(BinaryReader reader) => reader.ReadString();

    public static (CtSlice Slice, int Rows, int Columns) ReadPixelsRequest(BinaryReader reader)
    {
        string path = reader.ReadString();
        string syntax = reader.ReadString();
        int rows = reader.ReadInt32(), columns = reader.ReadInt32();
        double slope = reader.ReadDouble(), intercept = reader.ReadDouble();
        // Only the fields decoding reads are carried; the rest of the slice stays with the parent.
        var slice = new CtSlice(path, "", "", syntax, default, 0, slope, intercept, null);
        return (slice, rows, columns);
    }

    public static void WriteHeader(BinaryWriter writer, DicomInstance header)
    {
        writer.Write((byte)Outcome.Done);
        writer.Write(JsonSerializer.Serialize(header));
        writer.Flush();
    }

    public static void WriteDecoded(BinaryWriter writer, short[] hu)
    {
        writer.Write((byte)Outcome.Done);
        writer.Write(hu.Length);
        writer.Write(MemoryMarshal.AsBytes(hu.AsSpan()));
        writer.Flush();
    }

    public static void WriteRefusal(BinaryWriter writer, DicomReadException refusal)
    {
        writer.Write((byte)(refusal is UnsupportedDicomException ? Outcome.Unsupported : Outcome.Broken));
        writer.Write(refusal.Reason);
        writer.Flush();
    }

    /// <summary>The child's answer for <paramref name="path"/>: its header, or the typed refusal it sent, thrown.</summary>
    public static DicomInstance ReadHeader(BinaryReader reader, string path)
    {
        ThrowIfRefused(reader, path);
        return JsonSerializer.Deserialize<DicomInstance>(reader.ReadString())
            ?? throw new InvalidDataException("decoder answered with an empty header");
    }

    /// <summary>The child's answer for <paramref name="path"/>: HU, or the typed refusal it sent, thrown.</summary>
    public static short[] ReadDecoded(BinaryReader reader, string path)
    {
        ThrowIfRefused(reader, path);
        int count = reader.ReadInt32();
        if (count is < 0 or > 1 << 28) throw new InvalidDataException($"decoder answered with {count} pixels");
        var hu = new short[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(hu.AsSpan()));
        return hu;
    }

    private static void ThrowIfRefused(BinaryReader reader, string path)
    {
        var outcome = (Outcome)reader.ReadByte();
        switch (outcome)
        {
            case Outcome.Done:
                return;
            case Outcome.Unsupported:
                throw new UnsupportedDicomException(path, reader.ReadString());
            case Outcome.Broken:
                throw new DicomReadException(path, reader.ReadString());
            default:
                throw new InvalidDataException($"decoder answered with unknown outcome {(byte)outcome}");
        }
    }
}
