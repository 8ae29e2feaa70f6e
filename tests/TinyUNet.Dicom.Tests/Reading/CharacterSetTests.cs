using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

/// <summary>
/// Specific Character Set honoured, checked against pydicom's decoding: the DICOM standard's character-set examples
/// (PS3.5 Annex H–K, as shipped with Debian's python3-pydicom) decoded from their raw bytes, and a real CT whose
/// Latin-1 patient name must reach the reader intact.
/// </summary>
public sealed class CharacterSetTests
{
    private const string CharsetFiles = "/usr/lib/python3/dist-packages/pydicom/data/charset_files";

    public static TheoryData<string> Examples() =>
    [
        "chrFren.dcm", "chrFrenMulti.dcm", "chrGerm.dcm", "chrGreek.dcm", "chrRuss.dcm", "chrArab.dcm", "chrHbrw.dcm",
        "chrI2.dcm", "chrX1.dcm", "chrX2.dcm", "chrH31.dcm", "chrH32.dcm", "chrJapMulti.dcm", "chrKoreanMulti.dcm",
    ];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Decode_StandardExample_PatientNameAsPydicomReadsIt(string file)
    {
        // pydicom prints the raw value (hex), the character set and its own decoding of the name.
        const string script = """
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
raw = ds.get_item(0x00100010).value
charset = ds.get_item(0x00080005)
charset = '' if charset is None else (charset.value.decode('ascii') if isinstance(charset.value, bytes) else '\\'.join(charset.value) if not isinstance(charset.value, str) else charset.value)
print(raw.hex())
print(charset)
sys.stdout.buffer.write(str(ds.PatientName).encode('utf-8'))
""";
        string[] lines = PyDicom.Run(script, Path.Combine(CharsetFiles, file)).Split('\n', 3);
        byte[] raw = Convert.FromHexString(lines[0].Trim());

        string decoded = DicomCharacterSets.Decode(raw, lines[1].Trim()).Trim(' ', '\0');

        // pydicom leaves out an empty last component group ("…=王^小東=" prints without the final '='): the same name.
        Assert.Equal(lines[2].Trim(' ', '\0', '\n'), decoded.TrimEnd('='));
    }

    [Fact]
    public void Read_RealCtWithLatin1Name_NameDecoded()
    {
        using var temp = new TempFolder();
        string file = temp.File("ct.dcm");
        PyDicom.Run("""
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
ds.SpecificCharacterSet = 'ISO_IR 100'
ds.PatientName = 'Müller^Jürgen'
ds.StudyDescription = 'Thorax natif, côtes'
ds.save_as(sys.argv[2])
""", TestData.CtImageReference, file);
        Assert.Contains((byte)0xFC, File.ReadAllBytes(file)); // ü as one Latin-1 byte, not UTF-8

        DicomInstance instance = GdcmHeaderReader.Read(file);

        Assert.Equal("Müller^Jürgen", instance.PatientStudy.PatientName);
        Assert.Equal("Thorax natif, côtes", instance.PatientStudy.StudyDescription);
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0xC3, 0xBC }, "Mü")] // valid UTF-8
    [InlineData(new byte[] { 0x4D, 0xFC }, "Mü")]       // not UTF-8: Latin-1
    [InlineData(new byte[] { 0x4D, 0x61 }, "Ma")]
    public void Decode_NoCharacterSet_AsciiThenUtf8ThenLatin1(byte[] raw, string expected) =>
        Assert.Equal(expected, DicomCharacterSets.Decode(raw, null));
}
