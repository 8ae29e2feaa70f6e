using Microsoft.Extensions.Options;
using TinyUNet.ReportApi.Configuration;
using TinyUNet.Reporting;

namespace TinyUNet.ReportApi.Montages;

/// <summary>
/// Where a run's montage is: beside its SEG, named &lt;SeriesInstanceUID&gt;.montage.png (as the pipeline writes it).
/// Null when the path would leave the output root or the file is not there.
/// </summary>
public sealed class MontageLocator(IOptions<ReportStorageOptions> storage)
{
    public const string Suffix = ".montage.png";

    public string? Find(StudySummary study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (string.IsNullOrEmpty(study.SegLocation) || !DicomUid.IsValid(study.SeriesInstanceUid)) return null;
        string? folder = Path.GetDirectoryName(study.SegLocation);
        if (folder is null || !Path.IsPathFullyQualified(folder)) return null;
        string path = Path.GetFullPath(Path.Combine(folder, study.SeriesInstanceUid + Suffix));
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(storage.Value.OutputRoot)) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal) && File.Exists(path) ? path : null;
    }
}
