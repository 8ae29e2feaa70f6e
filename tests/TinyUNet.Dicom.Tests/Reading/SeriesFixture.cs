using System.Globalization;
using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

/// <summary>
/// Copies of the real 20-slice series (JPEG 2000, empty UIDs, z = -804.5…-766.5 in 2 mm steps) in a temp folder,
/// edited with dcmtk's dcmodify: the geometry and selection tests build their bad series from real files.
/// </summary>
internal static class SeriesFixture
{
    public static string[] CopySeries(TempFolder temp, string subfolder, string? seriesUid = null, int count = 20)
    {
        string[] files = temp.CopyIn(TestData.EmptyUidSeriesFiles.Take(count), subfolder);
        foreach (string f in files)
        {
            // dcmodify rebuilds the meta group from the dataset, whose SOP UIDs are empty in this series: put them
            // into the dataset first, or every later edit would leave the file without any SOP UIDs.
            string sopInstance = DicomDiscovery.ReadHeader(f).SopInstanceUid;
            var edits = new List<(string, string)> { ("(0008,0016)", "1.2.840.10008.5.1.4.1.1.2"), ("(0008,0018)", sopInstance) };
            if (seriesUid is not null) edits.Add(("(0020,000e)", seriesUid));
            ReferenceTools.Dcmodify(f, [.. edits]);
        }
        return files;
    }

    public static Vector3 Position(string file) => DicomDiscovery.ReadHeader(file).ImagePositionPatient!.Value;

    public static void SetPosition(string file, Vector3 p) =>
        ReferenceTools.Dcmodify(file, ("(0020,0032)", string.Join("\\", new[] { p.X, p.Y, p.Z }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));

    public static SeriesCandidate SingleCandidate(string folder) =>
        Assert.Single(SeriesGrouper.Group(new DicomDiscovery().Discover(folder).Instances));
}
