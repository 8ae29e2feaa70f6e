using System.Buffers.Binary;
using System.Text;
using gdcm;
using TinyUNet.Dicom.Segmentation;

namespace TinyUNet.Dicom.Gdcm;

/// <summary>
/// Typed inserts into a GDCM data set. Every element gets an explicit VR (we write explicit VR little endian) and an
/// even length with the padding PS3.5 asks for (NUL for UI, space for text), so GDCM never has to guess.
/// Wrappers are disposed here, on the calling thread (GDCM thread-safety rule 3).
/// </summary>
internal static class DataSetWriting
{
    public static void PutString(this DataSet ds, DicomTag tag, VR.VRType vr, string? value)
    {
        var text = value ?? string.Empty;
        // UTF-8 with SpecificCharacterSet ISO_IR 192: names copied from a source may hold any character.
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length % 2 == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = vr == VR.VRType.UI ? (byte)0 : (byte)' ';
        }
        PutBytes(ds, tag, vr, bytes);
    }

    public static void PutStrings(this DataSet ds, DicomTag tag, VR.VRType vr, params string[] values) =>
        PutString(ds, tag, vr, string.Join('\\', values));

    public static void PutDecimals(this DataSet ds, DicomTag tag, params double[] values) =>
        PutString(ds, tag, VR.VRType.DS, string.Join('\\', values.Select(DicomDecimal.Format)));

    public static void PutInteger(this DataSet ds, DicomTag tag, long value) =>
        PutString(ds, tag, VR.VRType.IS, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static void PutUShorts(this DataSet ds, DicomTag tag, params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        PutBytes(ds, tag, VR.VRType.US, bytes);
    }

    public static void PutUInts(this DataSet ds, DicomTag tag, params uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        PutBytes(ds, tag, VR.VRType.UL, bytes);
    }

    /// <summary>An AT element: the tag of another attribute (used by the Multi-frame Dimension module).</summary>
    public static void PutAttributeTag(this DataSet ds, DicomTag tag, DicomTag value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), value.Element);
        PutBytes(ds, tag, VR.VRType.AT, bytes);
    }

    public static void PutBytes(this DataSet ds, DicomTag tag, VR.VRType vr, byte[] bytes)
    {
        using var gtag = new Tag(tag.Group, tag.Element);
        using var gvr = new VR(vr);
        using var de = new DataElement(gtag);
        de.SetVR(gvr);
        using var vl = new VL((uint)bytes.Length);
        de.SetByteValue(bytes, vl);
        ds.Replace(de);
    }

    public static void PutCode(this DataSet ds, DicomTag sequence, CodedConcept code) =>
        ds.PutSequence(sequence, [item => item.PutCodeItem(code)]);

    public static void PutCodeItem(this DataSet item, CodedConcept code)
    {
        item.PutString(DicomTag.CodeValue, VR.VRType.SH, code.Value);
        item.PutString(DicomTag.CodingSchemeDesignator, VR.VRType.SH, code.Scheme);
        item.PutString(DicomTag.CodeMeaning, VR.VRType.LO, code.Meaning);
    }

    /// <summary>A sequence with undefined lengths (as dcmqi writes them); each action fills one item's data set.</summary>
    public static void PutSequence(this DataSet ds, DicomTag tag, IEnumerable<Action<DataSet>> items)
    {
        using var sq = SequenceOfItems.New();
        sq.SetLengthToUndefined();
        foreach (var fill in items)
        {
            using var item = new Item();
            item.SetVLToUndefined();
            using (var nested = item.GetNestedDataSet()) fill(nested);
            sq.AddItem(item);
        }
        using var gtag = new Tag(tag.Group, tag.Element);
        using var gvr = new VR(VR.VRType.SQ);
        using var de = new DataElement(gtag);
        de.SetVR(gvr);
        using (var sqRef = sq.__ref__()) de.SetValue(sqRef);
        de.SetVLToUndefined();
        ds.Replace(de);
    }
}
