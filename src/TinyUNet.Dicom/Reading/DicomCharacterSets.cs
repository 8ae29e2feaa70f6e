using System.Text;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Decodes text values (PN, LO, SH, ST, LT, UT) by the file's Specific Character Set (0008,0005), PS3.5 §6.1, so a
/// Latin-1, Cyrillic, Greek, Arabic, Hebrew, Thai, Chinese, Japanese or Korean name survives into the SEG (written as
/// UTF-8, ISO_IR 192). Single-byte and UTF-8/GB18030/GBK sets decode directly; ISO 2022 code extensions switch sets on
/// their escape sequences: G0 (bytes below 0x80) and G1 (0x80 and above) are tracked separately, and PN delimiters
/// (^ = \) and control characters return to the value's initial sets. Without a declared set the default repertoire is
/// ASCII; bytes outside it are read as UTF-8 when valid, else Latin-1 (what undeclared files in the wild hold).
/// </summary>
internal static class DicomCharacterSets
{
    static DicomCharacterSets() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Encoding Utf8Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Defined terms without code extensions → .NET code pages.
    private static readonly Dictionary<string, int> SingleSets = new(StringComparer.Ordinal)
    {
        ["ISO_IR 100"] = 28591, ["ISO_IR 101"] = 28592, ["ISO_IR 109"] = 28593, ["ISO_IR 110"] = 28594,
        ["ISO_IR 144"] = 28595, ["ISO_IR 127"] = 28596, ["ISO_IR 126"] = 28597, ["ISO_IR 138"] = 28598,
        ["ISO_IR 148"] = 28599, ["ISO_IR 203"] = 28605, ["ISO_IR 166"] = 874, ["ISO_IR 13"] = 932,
        ["ISO_IR 192"] = 65001, ["GB18030"] = 54936, ["GBK"] = 936,
    };

    // ISO 2022 escape sequences (bytes after ESC) → (designates G1?, code page, bytes per character).
    private static readonly Dictionary<string, (bool G1, int CodePage, int Width)> Escapes = new(StringComparer.Ordinal)
    {
        ["(B"] = (false, 20127, 1), // ASCII
        ["(J"] = (false, 20127, 1), // JIS X 0201 Romaji (ASCII but for ¥ and ‾)
        [")I"] = (true, 932, 1),    // JIS X 0201 Katakana
        ["$B"] = (false, 50220, 2), // JIS X 0208
        ["$(D"] = (false, 20932, 2), // JIS X 0212
        ["$)C"] = (true, 51949, 2), // KS X 1001
        ["$)A"] = (true, 936, 2),   // GB 2312
        ["-A"] = (true, 28591, 1), ["-B"] = (true, 28592, 1), ["-C"] = (true, 28593, 1), ["-D"] = (true, 28594, 1),
        ["-L"] = (true, 28595, 1), ["-G"] = (true, 28596, 1), ["-F"] = (true, 28597, 1), ["-H"] = (true, 28598, 1),
        ["-M"] = (true, 28599, 1), ["-T"] = (true, 874, 1), ["-b"] = (true, 28605, 1),
    };

    // The initial G0/G1 sets of each ISO 2022 defined term.
    private static readonly Dictionary<string, string> InitialEscape = new(StringComparer.Ordinal)
    {
        ["ISO 2022 IR 6"] = "(B", ["ISO 2022 IR 13"] = ")I", ["ISO 2022 IR 87"] = "$B", ["ISO 2022 IR 159"] = "$(D",
        ["ISO 2022 IR 149"] = "$)C", ["ISO 2022 IR 58"] = "$)A", ["ISO 2022 IR 100"] = "-A", ["ISO 2022 IR 101"] = "-B",
        ["ISO 2022 IR 109"] = "-C", ["ISO 2022 IR 110"] = "-D", ["ISO 2022 IR 144"] = "-L", ["ISO 2022 IR 127"] = "-G",
        ["ISO 2022 IR 126"] = "-F", ["ISO 2022 IR 138"] = "-H", ["ISO 2022 IR 148"] = "-M", ["ISO 2022 IR 166"] = "-T",
        ["ISO 2022 IR 203"] = "-b",
    };

    /// <summary>The text of <paramref name="value"/> under <paramref name="specificCharacterSet"/> (its raw, backslash-separated value).</summary>
    public static string Decode(byte[] value, string? specificCharacterSet)
    {
        string[] terms = (specificCharacterSet ?? "").Split('\\').Select(t => t.Trim(' ', '\0')).ToArray();
        bool extensions = terms.Any(t => t.StartsWith("ISO 2022", StringComparison.Ordinal));
        if (!extensions)
            return SingleSets.TryGetValue(terms[0], out int page) ? Encoding.GetEncoding(page).GetString(value) : Undeclared(value);
        return DecodeIso2022(value, terms);
    }

    private static string Undeclared(byte[] value)
    {
        if (value.All(b => b < 0x80)) return Encoding.ASCII.GetString(value);
        try { return Utf8Strict.GetString(value); }
        catch (DecoderFallbackException) { return Encoding.Latin1.GetString(value); }
    }

    private static string DecodeIso2022(byte[] value, string[] terms)
    {
        // The first term gives the initial G0 (and G1) sets; empty means ISO 2022 IR 6.
        (int CodePage, int Width) initialG0 = (20127, 1);
        (int CodePage, int Width)? initialG1 = null;
        if (InitialEscape.TryGetValue(terms[0].Length == 0 ? "ISO 2022 IR 6" : terms[0], out string? first) && Escapes.TryGetValue(first, out var set))
        {
            if (set.G1) initialG1 = (set.CodePage, set.Width);
            else initialG0 = (set.CodePage, set.Width);
        }
        var g0 = initialG0;
        var g1 = initialG1;
        var text = new StringBuilder(value.Length);
        int i = 0;
        while (i < value.Length)
        {
            byte b = value[i];
            if (b == 0x1B && Escape(value, i) is { } escape)
            {
                if (Escapes.TryGetValue(escape, out var designated))
                {
                    if (designated.G1) g1 = (designated.CodePage, designated.Width);
                    else g0 = (designated.CodePage, designated.Width);
                }
                i += 1 + escape.Length;
                continue;
            }
            // A run of bytes in one set: all below 0x80 (G0) or all from 0x80 (G1), up to the next escape or delimiter.
            bool high = b >= 0x80;
            // Inside a two-byte G0 set '^', '=' and '\' are halves of characters: the encoder escapes back to the
            // initial set before a real delimiter, so only control characters end such a run.
            bool twoByteG0 = !high && g0.Width == 2;
            int start = i;
            while (i < value.Length && value[i] != 0x1B && (value[i] >= 0x80) == high
                   && !(twoByteG0 ? value[i] < 0x20 : IsDelimiter(value[i]))) i++;
            if (i == start)
            {
                // A delimiter or control character: itself, then back to the initial sets.
                text.Append((char)value[i]);
                i++;
                (g0, g1) = (initialG0, initialG1);
                continue;
            }
            text.Append(DecodeRun(value.AsSpan(start, i - start), high ? g1 : g0, high));
        }
        return text.ToString();
    }

    private static string DecodeRun(ReadOnlySpan<byte> run, (int CodePage, int Width)? set, bool high)
    {
        if (set is not { } s) return Encoding.Latin1.GetString(run);
        if (s.CodePage == 50220)
        {
            // JIS X 0208 in G0: hand .NET's ISO-2022-JP decoder the run inside its own escapes.
            byte[] wrapped = [0x1B, (byte)'$', (byte)'B', .. run, 0x1B, (byte)'(', (byte)'B'];
            return Encoding.GetEncoding(50220).GetString(wrapped);
        }
        if (s.CodePage == 20932)
        {
            // JIS X 0212 in G0: EUC-JP carries it as 0x8F followed by the two bytes with their high bits set.
            var euc = new List<byte>(run.Length * 3 / 2);
            for (int k = 0; k + 1 < run.Length; k += 2) euc.AddRange([0x8F, (byte)(run[k] | 0x80), (byte)(run[k + 1] | 0x80)]);
            return Encoding.GetEncoding(20932).GetString([.. euc]);
        }
        if (s.CodePage == 932 && high)
        {
            // JIS X 0201 katakana in G1: the same single bytes in Shift JIS.
            return Encoding.GetEncoding(932).GetString(run);
        }
        return Encoding.GetEncoding(s.CodePage).GetString(run);
    }

    /// <summary>The escape sequence at <paramref name="i"/> without its ESC: intermediates 0x20–0x2F, then one final byte.</summary>
    private static string? Escape(byte[] value, int i)
    {
        int j = i + 1;
        while (j < value.Length && value[j] is >= 0x20 and <= 0x2F) j++;
        if (j >= value.Length || j == i + 1) return null;
        return Encoding.ASCII.GetString(value, i + 1, j - i);
    }

    private static bool IsDelimiter(byte b) => b is (byte)'^' or (byte)'=' or (byte)'\\' or < 0x20;
}
