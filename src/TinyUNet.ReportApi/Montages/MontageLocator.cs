using TinyUNet.Contracts;
using Microsoft.Extensions.Options;
using TinyUNet.ReportApi.Configuration;
using TinyUNet.ReportApi.Internal;
using TinyUNet.Reporting;
using TinyUNet.Storage;

namespace TinyUNet.ReportApi.Montages;

/// <summary>
/// Where a run's montage is: beside its SEG, named &lt;SeriesInstanceUID&gt;.montage.png (as the pipeline writes it).
/// Null when the path would leave the output root or the file is not there.
/// </summary>
public sealed class MontageLocator(IOptions<ReportStorageOptions> storage, ILogger<MontageLocator> logger)
{
    public const string Suffix = ".montage.png";

    public string? Find(StudyReportRow study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (string.IsNullOrEmpty(study.SegLocation) || !DicomUidSyntax.IsValid(study.SeriesInstanceUid)) return null;
        string? folder = Path.GetDirectoryName(study.SegLocation);
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(storage.Value.OutputRoot)) + Path.DirectorySeparatorChar;
        string? path = folder is not null && Path.IsPathFullyQualified(folder)
            ? Path.GetFullPath(Path.Combine(folder, study.SeriesInstanceUid + Suffix))
            : null;
        if (path is null || !path.StartsWith(root, StringComparison.Ordinal))
        {
            Log.MontageOutsideRoot(logger, study.SeriesInstanceUid, study.RunId);
            return null;
        }
        if (File.Exists(path)) return path;
        Log.MontageMissing(logger, study.SeriesInstanceUid, study.RunId);
        return null;
    }
}
