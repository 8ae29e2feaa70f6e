using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Proves a file is a complete DICOM Part 10 file before GDCM sees it. Not a parser: it reads no attribute
/// values (only the transfer syntax UID, to know the framing); it walks element headers and checks that every
/// declared length fits in the file.
/// Why it exists: Debian's GDCM 3.0.21 is built with assertions, and a truncated file makes it abort() the whole
/// process (found by truncating test files at 132…5000 bytes: asserts in gdcmReader.cxx:385,
/// gdcmFileMetaInformation.cxx:375/436/591, gdcmDataSet.txx:174), which no managed catch can stop. Files without
/// the "DICM" prefix are refused for the same reason: GDCM's fallback for them hits the same asserts.
/// </summary>
internal static class Part10IntegrityCheck
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    /// <summary>Null when the file is complete, otherwise why it is not usable.</summary>
    public static string? FindDefect(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        if (file.Length < 132) return "not a DICOM file (shorter than the Part 10 preamble)";
        var prefix = new byte[132];
        file.ReadExactly(prefix);
        if (Encoding.ASCII.GetString(prefix, 128, 4) != "DICM") return "not a DICOM Part 10 file (no DICM prefix)";

        var walker = new Walker(file, explicitVr: true, bigEndian: false);
        string? syntax = walker.ReadMetaGroup(out string? defect);
        if (defect is not null) return "truncated or corrupt file meta information: " + defect;
        if (syntax is null) return "file meta information has no transfer syntax";

        if (syntax == "1.2.840.10008.1.2.1.99")
        {
            var inflated = new MemoryStream();
            try
            {
                using var deflate = new DeflateStream(file, CompressionMode.Decompress, leaveOpen: true);
                deflate.CopyTo(inflated);
            }
            catch (InvalidDataException e)
            {
                return "corrupt deflated dataset: " + e.Message;
            }
            inflated.Position = 0;
            walker = new Walker(inflated, explicitVr: true, bigEndian: false);
        }
        else
        {
            walker = new Walker(file, explicitVr: syntax != "1.2.840.10008.1.2", bigEndian: syntax == "1.2.840.10008.1.2.2");
        }
        defect = walker.WalkDataset(nested: false);
        if (defect is not null) return "truncated or corrupt dataset: " + defect;
        // A cut exactly between two elements looks complete; GDCM then aborts too. Images end with Pixel Data.
        return walker.SawPixelData ? null : "no Pixel Data (truncated, or not an image)";
    }

    private sealed class Walker(Stream stream, bool explicitVr, bool bigEndian)
    {
        private readonly byte[] buffer = new byte[8];
        private int depth;

        public bool SawPixelData { get; private set; }

        public string? ReadMetaGroup(out string? defect)
        {
            string? syntax = null;
            long? metaEnd = null;
            defect = null;
            while (stream.Length - stream.Position >= 8)
            {
                long start = stream.Position;
                Read(2);
                if (UInt16(0) != 0x0002) { stream.Position = start; break; }
                stream.Position = start;
                if (!TryHeader(out ushort group, out ushort element, out uint length, out defect)) return syntax;
                if (length == UndefinedLength || length > stream.Length - stream.Position)
                {
                    defect = $"element ({group:X4},{element:X4}) runs past the end of the file";
                    return syntax;
                }
                if (element == 0x0000 && length == 4)
                {
                    Read(4);
                    metaEnd = stream.Position + UInt32(0);
                }
                else if (element == 0x0010)
                {
                    var value = new byte[length];
                    stream.ReadExactly(value);
                    syntax = Encoding.ASCII.GetString(value).TrimEnd(' ', '\0');
                }
                else stream.Position += length;
            }
            if (metaEnd > stream.Length) defect = "file ends inside the file meta group";
            return syntax;
        }

        /// <summary>Walks elements to the end of the stream, or to an item delimiter when nested.</summary>
        public string? WalkDataset(bool nested)
        {
            if (++depth > 64) return "sequences nested too deeply";
            try
            {
                while (stream.Position < stream.Length)
                {
                    if (!TryHeader(out ushort group, out ushort element, out uint length, out string vr, out string? defect)) return defect;
                    if (group == 0xFFFE && element == 0xE00D) return nested ? null : "item delimiter outside a sequence";
                    if (depth == 1 && group == 0x7FE0 && element == 0x0010) SawPixelData = true;
                    if (length == UndefinedLength)
                    {
                        // SQ, encapsulated Pixel Data and UN of undefined length all hold items up to a sequence delimiter.
                        // UN of undefined length holds implicit-VR items (PS3.5 6.2.2), whatever the file's syntax.
                        bool wasExplicit = explicitVr;
                        if (vr == "UN") explicitVr = false;
                        string? itemDefect = WalkItems(group, element);
                        explicitVr = wasExplicit;
                        if (itemDefect is not null) return itemDefect;
                    }
                    else if (length > stream.Length - stream.Position)
                        return $"element ({group:X4},{element:X4}) declares {length} bytes, {stream.Length - stream.Position} remain";
                    else stream.Position += length;
                }
                return nested ? "sequence item not closed before the end of the file" : null;
            }
            finally
            {
                depth--;
            }
        }

        private string? WalkItems(ushort group, ushort element)
        {
            while (true)
            {
                if (stream.Length - stream.Position < 8)
                    return $"sequence ({group:X4},{element:X4}) not closed before the end of the file";
                Read(8);
                ushort itemGroup = UInt16(0), itemElement = UInt16(2);
                uint itemLength = UInt32(4);
                if (itemGroup != 0xFFFE) return $"unexpected tag ({itemGroup:X4},{itemElement:X4}) in sequence ({group:X4},{element:X4})";
                if (itemElement == 0xE0DD) return null;
                if (itemElement != 0xE000) return $"unexpected delimiter in sequence ({group:X4},{element:X4})";
                if (itemLength == UndefinedLength)
                {
                    if (WalkDataset(nested: true) is { } defect) return defect;
                }
                else if (itemLength > stream.Length - stream.Position)
                    return $"item in ({group:X4},{element:X4}) declares {itemLength} bytes, {stream.Length - stream.Position} remain";
                else stream.Position += itemLength;
            }
        }

        private bool TryHeader(out ushort group, out ushort element, out uint length, out string? defect) =>
            TryHeader(out group, out element, out length, out _, out defect);

        private bool TryHeader(out ushort group, out ushort element, out uint length, out string vr, out string? defect)
        {
            vr = "";
            group = element = 0;
            length = 0;
            defect = null;
            long remaining = stream.Length - stream.Position;
            if (remaining < 8) { defect = $"{remaining} stray byte(s) at the end"; return false; }
            Read(8);
            group = UInt16(0);
            element = UInt16(2);
            if (!explicitVr || group == 0xFFFE)
            {
                length = UInt32(4);
                return true;
            }
            vr = Encoding.ASCII.GetString(buffer, 4, 2);
            if (!LongVrs.Contains(vr))
            {
                length = UInt16(6);
                return true;
            }
            if (stream.Length - stream.Position < 4) { defect = $"element ({group:X4},{element:X4}) header cut off"; return false; }
            Read(4);
            length = UInt32(0);
            return true;
        }

        private void Read(int count) => stream.ReadExactly(buffer, 0, count);

        private ushort UInt16(int at) => bigEndian
            ? BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(at))
            : BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at));

        private uint UInt32(int at) => bigEndian
            ? BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(at))
            : BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at));
    }
}
