using System.CommandLine;
using TinyUNet.Contracts;
using TinyUNet.Dicom.Reading;
using TinyUNet.Messaging;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `enqueue`: sends SegmentStudy for one study (--study, with --dicomweb), every study of a folder (--folder) or of a
/// list file (--list). Priority Manual unless --priority, reason Manual. Bad entries are reported with their line or
/// folder and the rest still sent; JSON summary on stdout, exit 1 when any entry was refused.
/// </summary>
public static class EnqueueCommand
{
    public static Command Create()
    {
        var study = new Option<string?>("--study") { Description = "StudyInstanceUID of one study (needs --dicomweb)." };
        var series = new Option<string?>("--series") { Description = "SeriesInstanceUID to segment (with --study; default: the worker picks)." };
        var dicomWeb = new Option<string?>("--dicomweb") { Description = "DICOMweb base URL of the PACS (for --study, and the default for --list lines)." };
        var folder = new Option<DirectoryInfo?>("--folder") { Description = "A study folder, or a folder of study folders (one study each)." };
        var relativeTo = new Option<DirectoryInfo?>("--relative-to") { Description = "Send --folder paths relative to this folder (the worker's source root)." };
        var list = new Option<FileInfo?>("--list") { Description = "File of StudyInstanceUIDs, one per line, optionally 'UID,dicomweb-url'." };
        var priority = new Option<int>("--priority")
        {
            Description = $"0 (least urgent) to {StudyPriority.Max}.", DefaultValueFactory = _ => StudyPriority.Manual,
        };
        priority.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > StudyPriority.Max) r.AddError($"--priority must be 0–{StudyPriority.Max}.");
        });
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be sent; send nothing." };
        var command = new Command("enqueue", "Queue studies for segmentation (RabbitMQ settings from RabbitMq__* in the environment).")
        {
            study, series, dicomWeb, folder, relativeTo, list, priority, dryRun,
        };
        command.Validators.Add(r =>
        {
            int modes = (r.GetValue(study) is null ? 0 : 1) + (r.GetValue(folder) is null ? 0 : 1) + (r.GetValue(list) is null ? 0 : 1);
            if (modes != 1) r.AddError("Give exactly one of --study, --folder or --list.");
            if (r.GetValue(series) is not null && r.GetValue(study) is null) r.AddError("--series goes with --study.");
            if (r.GetValue(study) is not null && r.GetValue(dicomWeb) is null) r.AddError("--study needs --dicomweb.");
        });
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            var (entries, errors) = Collect(parse.GetValue(study), parse.GetValue(series), parse.GetValue(dicomWeb),
                parse.GetValue(folder), parse.GetValue(relativeTo), parse.GetValue(list), cancellationToken);
            var sent = parse.GetValue(dryRun)
                ? entries.Select(e => Describe(e, ToCommand(e, parse.GetValue(priority)))).ToList()
                : SendAllAsync(entries, parse.GetValue(priority), cancellationToken).GetAwaiter().GetResult();
            foreach (EnqueueInputException error in errors) Console.Error.WriteLine($"error: {error.Message}");
            CliJson.Write(new
            {
                dryRun = parse.GetValue(dryRun),
                sent = sent.Count,
                failed = errors.Count,
                studies = sent,
                errors = errors.Select(e => new { origin = e.Origin, line = e.Line, reason = e.Reason }),
            });
            return errors.Count == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
        })));
        return command;
    }

    private static (IReadOnlyList<EnqueueEntry>, List<EnqueueInputException>) Collect(string? study, string? series,
        string? dicomWeb, DirectoryInfo? folder, DirectoryInfo? relativeTo, FileInfo? list, CancellationToken cancellationToken)
    {
        if (dicomWeb is not null && !EnqueueListParser.IsHttpUrl(dicomWeb))
            throw new ArgumentException("--dicomweb must be an absolute http(s) URL.");
        if (study is not null)
        {
            if (DicomUidSyntax.Problem(study) is { } problem) throw new ArgumentException($"--study: {problem}.");
            if (series is not null && DicomUidSyntax.Problem(series) is { } seriesProblem) throw new ArgumentException($"--series: {seriesProblem}.");
            return ([new EnqueueEntry(study, series, StudySource.DicomWeb(dicomWeb!), "--study")], []);
        }
        if (folder is not null)
        {
            var (entries, errors) = new FolderStudyScanner(new DicomDiscovery()).Scan(folder.FullName, relativeTo?.FullName, cancellationToken);
            return (entries, [.. errors]);
        }
        if (!list!.Exists) throw new FileNotFoundException($"--list {list.FullName}: no such file.");
        var (listed, listErrors) = EnqueueListParser.Parse(list.Name, File.ReadLines(list.FullName), dicomWeb);
        return (listed, [.. listErrors]);
    }

    private static async Task<List<object>> SendAllAsync(IReadOnlyList<EnqueueEntry> entries, int priority,
        CancellationToken cancellationToken)
    {
        var sent = new List<object>();
        if (entries.Count == 0) return sent;
        await using SenderSession session = await SenderSession.StartAsync(cancellationToken);
        await SendProgress.RunAsync("enqueue", entries.Count, async advance =>
        {
            foreach (EnqueueEntry entry in entries)
            {
                SegmentStudy command = ToCommand(entry, priority);
                await session.SendAsync(command, cancellationToken);
                sent.Add(Describe(entry, command));
                advance();
            }
        });
        return sent;
    }

    private static SegmentStudy ToCommand(EnqueueEntry entry, int priority) => new()
    {
        // A fresh id per request: a manual enqueue is a new request even for a study sent before.
        CorrelationId = Guid.NewGuid(),
        StudyInstanceUid = entry.StudyInstanceUid,
        SeriesInstanceUid = entry.SeriesInstanceUid,
        Source = entry.Source,
        Priority = priority,
        Reason = SegmentationReason.Manual,
    };

    private static object Describe(EnqueueEntry entry, SegmentStudy command) => new
    {
        studyInstanceUid = command.StudyInstanceUid,
        seriesInstanceUid = command.SeriesInstanceUid,
        correlationId = command.CorrelationId,
        priority = command.Priority,
        source = command.Source,
        origin = entry.Origin,
        line = entry.Line,
    };
}
