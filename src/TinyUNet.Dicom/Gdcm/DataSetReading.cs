using System.Buffers.Binary;
using System.Text;
using gdcm;
using TinyUNet.Dicom.Segmentation;

namespace TinyUNet.Dicom.Gdcm;

/// <summary>
/// Typed reads from a GDCM data set (implicit or explicit VR alike: values are decoded from their bytes, which are the
/// same in both). Returned data sets are references into the owning gdcm.File and live as long as it does.
/// </summary>
internal static class DataSetReading
{
    public static byte[]? GetBytes(this DataSet ds, DicomTag tag)
    {
        using var gtag = new Tag(tag.Group, tag.Element);
        if (!ds.FindDataElement(gtag)) return null;
        using var de = ds.GetDataElement(gtag);
        if (de.IsEmpty()) return [];
        using var bv = de.GetByteValue();
        if (bv is null) return null;
        using var vl = bv.GetLength();
        uint length = (uint)vl;
        var buffer = new byte[length];
        if (length > 0 && !bv.GetBuffer(buffer, length)) return null;
        return buffer;
    }

    /// <summary>The value with DICOM padding (spaces, NULs) trimmed; null when absent.</summary>
    public static string? GetString(this DataSet ds, DicomTag tag)
    {
        var bytes = ds.GetBytes(tag);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes).Trim(' ', '\0');
    }

    public static string[] GetStrings(this DataSet ds, DicomTag tag) =>
        ds.GetString(tag)?.Split('\\').Select(s => s.Trim(' ', '\0')).ToArray() ?? [];

    public static double[] GetDecimals(this DataSet ds, DicomTag tag) =>
        ds.GetStrings(tag).Where(s => s.Length > 0).Select(DicomDecimal.Parse).ToArray();

    public static int? GetInteger(this DataSet ds, DicomTag tag) =>
        int.TryParse(ds.GetString(tag), System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    public static ushort[] GetUShorts(this DataSet ds, DicomTag tag)
    {
        var bytes = ds.GetBytes(tag) ?? [];
        var values = new ushort[bytes.Length / 2];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2));
        return values;
    }

    /// <summary>
    /// Each item's nested data set; empty when the sequence is absent. GDCM may decode a sequence read as bytes
    /// (implicit VR, defined length) into a new object, so the smart pointer is kept alive by <paramref name="scope"/>.
    /// </summary>
    public static IReadOnlyList<DataSet> GetItems(this DataSet ds, DicomTag tag, GdcmScope scope)
    {
        using var gtag = new Tag(tag.Group, tag.Element);
        if (!ds.FindDataElement(gtag)) return [];
        using var de = ds.GetDataElement(gtag);
        var sq = scope.Keep(de.GetValueAsSQ());
        using (var pointer = sq.GetPointer())
            if (pointer is null) return [];
        var items = new List<DataSet>();
        uint n = sq.GetNumberOfItems();
        for (uint i = 1; i <= n; i++) items.Add(scope.Keep(scope.Keep(sq.GetItem(i)).GetNestedDataSet()));
        return items;
    }

    public static DataSet? GetFirstItem(this DataSet ds, DicomTag tag, GdcmScope scope)
    {
        var items = ds.GetItems(tag, scope);
        return items.Count > 0 ? items[0] : null;
    }

    public static CodedConcept? GetCode(this DataSet ds, DicomTag sequence, GdcmScope scope)
    {
        var item = ds.GetFirstItem(sequence, scope);
        if (item is null) return null;
        return new CodedConcept(item.GetString(DicomTag.CodeValue) ?? "", item.GetString(DicomTag.CodingSchemeDesignator) ?? "",
            item.GetString(DicomTag.CodeMeaning) ?? "");
    }
}
