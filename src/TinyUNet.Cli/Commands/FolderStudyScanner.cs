using TinyUNet.Contracts;
using TinyUNet.Dicom.Reading;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `enqueue --folder DIR`: DIR itself is one study when it holds files; otherwise each subfolder is one. The
/// StudyInstanceUID is read from the headers (all of them: a folder mixing studies is refused rather than half sent).
/// The source path is absolute, or relative to --relative-to (the worker's source root as this machine sees it).
/// </summary>
public sealed class FolderStudyScanner(DicomDiscovery discovery)
{
    public (IReadOnlyList<EnqueueEntry> Entries, IReadOnlyList<EnqueueInputException> Errors) Scan(string folder,
        string? relativeTo, CancellationToken cancellationToken)
    {
        string root = Path.GetFullPath(folder);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"--folder {folder}: no such folder.");
        string[] studyFolders = Directory.EnumerateFiles(root).Any()
            ? [root]
            : [.. Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal)];
        var entries = new List<EnqueueEntry>();
        var errors = new List<EnqueueInputException>();
        foreach (string studyFolder in studyFolders)
        {
            try
            {
                entries.Add(ScanOne(studyFolder, relativeTo, cancellationToken));
            }
            catch (EnqueueInputException e)
            {
                errors.Add(e);
            }
        }
        return (entries, errors);
    }

    private EnqueueEntry ScanOne(string studyFolder, string? relativeTo, CancellationToken cancellationToken)
    {
        DiscoveryResult found = discovery.Discover(studyFolder, cancellationToken);
        string[] studies = [.. found.Instances.Select(i => i.StudyInstanceUid).Distinct(StringComparer.Ordinal)];
        if (studies.Length == 0)
            throw new EnqueueInputException(studyFolder, null, $"no readable DICOM instance ({found.Skipped.Count} file(s) skipped)");
        if (studies.Length > 1)
            throw new EnqueueInputException(studyFolder, null, $"holds {studies.Length} studies; put one study per folder");
        string source = relativeTo is null ? studyFolder : Path.GetRelativePath(Path.GetFullPath(relativeTo), studyFolder);
        if (relativeTo is not null && (source.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(source)))
            throw new EnqueueInputException(studyFolder, null, "is not inside --relative-to");
        return new EnqueueEntry(studies[0], null, StudySource.Folder(source), studyFolder);
    }
}
