using System.Text.Json;
using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

public sealed class SeriesInspectorTests
{
    private const string PydicomStats = """
        import sys, glob, numpy as np, pydicom
        values = []
        for f in sorted(glob.glob(sys.argv[1] + "/*")):
            ds = pydicom.dcmread(f)
            values.append(ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept))
        v = np.stack(values)
        print(repr(float(v.min())), repr(float(v.max())), repr(float(v.mean())))
        """;

    [Fact]
    public void Inspect_SharedFolders_ReportsEachSeriesWithSelectionAndHuStatsMatchingPydicom()
    {
        InspectionReport report = new SeriesInspector().Inspect([TestData.EmptyUidSeries, TestData.TransferSyntaxes]);

        SeriesInspection volume = Assert.Single(report.Series, s => s.Selected);
        Assert.Equal(report.SelectedSeriesInstanceUid, volume.SeriesInstanceUid);
        Assert.True(volume.SeriesInstanceUidGenerated);
        Assert.Equal(["1.2.840.10008.1.2.4.90"], volume.TransferSyntaxUids);
        Assert.Equal((512, 512, 20), (volume.Rows, volume.Columns, volume.SliceCount));
        Assert.Equal(new Vector3(0.9765625, 0.9765625, 2.0), volume.Spacing!.Value with { Z = Math.Round(volume.Spacing.Value.Z, 9) });
        Assert.Equal("axial", volume.Orientation);

        var (code, text) = ReferenceTools.Run(ReferenceTools.Python, "-c", PydicomStats, TestData.EmptyUidSeries);
        Assert.True(code == 0, text);
        double[] expected = text.Split(' ', StringSplitOptions.TrimEntries).Select(double.Parse).ToArray();
        Assert.Equal(expected[0], volume.Hu!.Min);
        Assert.Equal(expected[1], volume.Hu.Max);
        Assert.Equal(expected[2], volume.Hu.Mean, 3);

        // The 16 CTImage.dcm variants share one series UID and one position (and some a SOP instance UID):
        // reported with the reason it is skipped and its geometry problem.
        SeriesInspection ctImage = Assert.Single(report.Series, s => s.SeriesInstanceUid == "1.2.840.113619.2.30.1.1762295590.1623.978668949.890");
        Assert.True(ctImage.SliceCount > 1);
        Assert.Contains(ctImage.Warnings, w => w.StartsWith("Duplicate SOP instance"));
        Assert.Contains("fewer than the minimum", ctImage.SkipReason);
        Assert.Contains(ctImage.Warnings, w => w.StartsWith("Geometry: duplicate slice position"));
        Assert.Null(ctImage.Spacing);
        Assert.Contains(report.SkippedFiles, f => f.FilePath.EndsWith("SOURCE.txt"));
    }

    [Fact]
    public void Inspect_Json_HasNoPatientAttributes()
    {
        InspectionReport report = new SeriesInspector().Inspect([TestData.TransferSyntaxes, TestData.Wg04], includeHu: false);

        string json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Contains("\"seriesInstanceUid\"", json);
        // PatientName values of these files: MISTER^CT and CompressedSamples^CT1/CT2.
        Assert.DoesNotContain("MISTER", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("CompressedSamples", json, StringComparison.OrdinalIgnoreCase);
    }
}
