using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

/// <summary>Locates the shared DICOM test data: the repo is cloned beside shared/, so walk up from the binaries.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data", "dicom");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("shared/data/dicom not found above " + AppContext.BaseDirectory);
    });

    public static string Dicom => Root.Value;
    public static string TransferSyntaxes => Path.Combine(Dicom, "transfer-syntaxes");
    public static string Wg04 => Path.Combine(Dicom, "wg04");
    public static string EmptyUidSeries => Path.Combine(Dicom, "messy", "ct-series-j2k-empty-uids");
    public static string EnhancedCt => Path.Combine(Dicom, "messy", "eCT_Supplemental.dcm");
    public static string ExplicitVrUn => Path.Combine(Dicom, "messy", "explicit_VR-UN.dcm");
    public static string SegLiver => Path.Combine(Dicom, "seg-reference", "dcmqi", "liver.dcm");

    /// <summary>A CTImage.dcm variant by its transfer syntax suffix, e.g. "1.2.840.10008.1.2.5".</summary>
    public static string CtImage(string syntaxFileSuffix) =>
        Directory.GetFiles(TransferSyntaxes, "CTImage.dcm_*_" + syntaxFileSuffix + ".dcm").Single();

    public static string CtImageReference => CtImage("1.2.840.10008.1.2.1");

    public static string[] EmptyUidSeriesFiles => Directory.GetFiles(EmptyUidSeries).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// A single file as a one-slice CtSeries for the decode tests. Built directly, not through the geometry
    /// builder: some reference files lack SliceThickness, which only matters for volumes, not for decoding.
    /// </summary>
    public static CtSeries SingleSlice(string file)
    {
        DicomInstance i = DicomDiscovery.ReadHeader(file);
        var position = i.ImagePositionPatient ?? default;
        return new CtSeries
        {
            StudyInstanceUid = i.StudyInstanceUid, SeriesInstanceUid = i.SeriesInstanceUid,
            FrameOfReferenceUid = i.FrameOfReferenceUid, Modality = i.Modality, Rows = i.Rows, Columns = i.Columns,
            RowSpacing = i.RowSpacing ?? 1, ColumnSpacing = i.ColumnSpacing ?? 1, SliceSpacing = 1,
            RowDirection = i.RowDirection ?? new Vector3(1, 0, 0), ColumnDirection = i.ColumnDirection ?? new Vector3(0, 1, 0),
            Slices = [new CtSlice(file, i.SopInstanceUid, i.SopClassUid, i.TransferSyntaxUid, position, position.Z,
                i.RescaleSlope, i.RescaleIntercept, i.InstanceNumber)],
            PatientStudy = i.PatientStudy,
        };
    }

    /// <summary>A reference's HU as the reader keeps them: whole units (rounded half away from zero), 16-bit.</summary>
    public static short[] WholeHu(IEnumerable<double> hu) =>
        [.. hu.Select(v => (short)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue))];

    public static short[] DecodeSingle(string file) =>
        new HuVolumeReader(new DicomReadingOptions { MaxDegreeOfParallelism = 1 }).Read(SingleSlice(file)).Slices[0];
}
