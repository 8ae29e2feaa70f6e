using System.CommandLine;
using System.Globalization;
using Npgsql;
using Spectre.Console;
using TinyUNet.Contracts;
using TinyUNet.Messaging;
using TinyUNet.Model.Bundles;
using TinyUNet.Storage;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `reprocess` (the nightly job): studies whose latest successful run used other model weights than --model (by
/// sha256), or with --failed those whose latest run failed, optionally narrowed by --since/--until (StudyDate, else
/// the run's date), are sent again from the source their run recorded, priority Reprocess, reason Reprocess.
/// --dry-run only lists them. A table on stderr, JSON on stdout. Database__ConnectionString and RabbitMq__* from the
/// environment.
/// </summary>
public static class ReprocessCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = "The current model bundle (default: the bundled model)." };
        var since = new Option<DateOnly?>("--since") { Description = "Only studies dated on or after (yyyy-MM-dd)." };
        var until = new Option<DateOnly?>("--until") { Description = "Only studies dated on or before (yyyy-MM-dd)." };
        var failed = new Option<bool>("--failed") { Description = "Studies whose latest run failed (transient failures), instead of outdated models." };
        var includePermanent = new Option<bool>("--include-permanent") { Description = "With --failed: permanent failures too." };
        var limit = new Option<int?>("--limit") { Description = "At most N studies (oldest first)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be sent; send nothing." };
        var command = new Command("reprocess",
            $"Send studies again for a newer model or after failures ({CliDatabase.ConnectionVariable} and RabbitMq__* from the environment).")
        {
            model, since, until, failed, includePermanent, limit, dryRun,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(includePermanent) && !r.GetValue(failed)) r.AddError("--include-permanent goes with --failed.");
            if (r.GetValue(limit) is < 1) r.AddError("--limit must be at least 1.");
            if (r.GetValue(since) is { } s && r.GetValue(until) is { } u && u < s) r.AddError("--until is before --since.");
        });
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            ModelManifest manifest = CurrentModel(DefaultModel.Resolve(parse.GetValue(model)));
            var criteria = new ReprocessCriteria
            {
                CurrentModelSha256 = manifest.Weights.Sha256.ToLowerInvariant(),
                Since = parse.GetValue(since),
                Until = parse.GetValue(until),
                Failed = parse.GetValue(failed),
                IncludePermanent = parse.GetValue(includePermanent),
                Limit = parse.GetValue(limit),
            };
            return RunAsync(manifest, criteria, parse.GetValue(dryRun), cancellationToken).GetAwaiter().GetResult();
        })));
        return command;
    }

    /// <summary>The bundle's manifest, its weights checked against the hash it states (the hash is what runs are compared by).</summary>
    private static ModelManifest CurrentModel(string bundle)
    {
        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        string actual = ModelBundle.Sha256Of(Path.Combine(bundle, manifest.Weights.File));
        if (!string.Equals(actual, manifest.Weights.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelBundleException($"Weights hash mismatch in {bundle}: manifest says {manifest.Weights.Sha256}, file is {actual}.");
        return manifest;
    }

    private static async Task<int> RunAsync(ModelManifest manifest, ReprocessCriteria criteria, bool dryRun,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<ReprocessCandidate> candidates;
        await using (NpgsqlDataSource dataSource = CliDatabase.Open())
            candidates = await new ReprocessSelection(dataSource).SelectAsync(criteria, cancellationToken);

        var sendable = candidates.Where(c => c.HasSource).ToList();
        var sent = new HashSet<Guid>();
        if (!dryRun && sendable.Count > 0)
        {
            await using SenderSession session = await SenderSession.StartAsync(cancellationToken);
            await SendProgress.RunAsync("reprocess", sendable.Count, async advance =>
            {
                foreach (ReprocessCandidate candidate in sendable)
                {
                    await session.SendAsync(ToCommand(candidate, criteria), cancellationToken);
                    sent.Add(candidate.RunId);
                    advance();
                }
            });
        }

        var rows = candidates.Select(c => new
        {
            studyInstanceUid = c.StudyInstanceUid,
            seriesInstanceUid = c.SeriesInstanceUid,
            runId = c.RunId,
            status = c.Status,
            permanent = c.Permanent,
            modelName = c.ModelName,
            modelSha256 = c.ModelSha256,
            studyDate = c.StudyDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            source = c.SourceDicomWebUrl ?? c.SourcePath,
            correlationId = c.HasSource ? ToCommand(c, criteria).CorrelationId : (Guid?)null,
            action = !c.HasSource ? "skipped: the run recorded no source" : sent.Contains(c.RunId) ? "sent" : "would send",
        }).ToList();
        WriteTable(rows.Select(r => (r.studyInstanceUid, r.studyDate ?? "–", r.modelName, r.status, r.action)).ToList(), dryRun);
        CliJson.Write(new
        {
            dryRun,
            model = new { name = manifest.Name, version = manifest.Version, sha256 = criteria.CurrentModelSha256 },
            criteria = new
            {
                mode = criteria.Failed ? "failed" : "outdated-model",
                since = criteria.Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                until = criteria.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                includePermanent = criteria.IncludePermanent,
                limit = criteria.Limit,
            },
            selected = candidates.Count,
            sent = sent.Count,
            skipped = candidates.Count - sendable.Count,
            studies = rows,
        });
        return ExitCodes.Success;
    }

    /// <summary>
    /// The correlation id is derived from the run it replaces and the target (the current weights, or "failed"), so a
    /// nightly run repeated before the worker caught up sends a recognisable duplicate rather than a new request.
    /// </summary>
    public static SegmentStudy ToCommand(ReprocessCandidate candidate, ReprocessCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(criteria);
        return new SegmentStudy
        {
            CorrelationId = CorrelationIds.From("reprocess", candidate.StudyInstanceUid, candidate.RunId.ToString("N"),
                criteria.Failed ? "failed" : criteria.CurrentModelSha256 ?? ""),
            StudyInstanceUid = candidate.StudyInstanceUid,
            SeriesInstanceUid = candidate.SeriesInstanceUid,
            Source = !string.IsNullOrEmpty(candidate.SourceDicomWebUrl)
                ? StudySource.DicomWeb(candidate.SourceDicomWebUrl)
                : StudySource.Folder(candidate.SourcePath!),
            Priority = StudyPriority.Reprocess,
            Reason = SegmentationReason.Reprocess,
        };
    }

    private static void WriteTable(IReadOnlyList<(string Study, string Date, string Model, string Status, string Action)> rows, bool dryRun)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!console.Profile.Capabilities.Interactive) console.Profile.Width = 200;
        var table = new Table().Title(Markup.Escape($"{rows.Count} stud{(rows.Count == 1 ? "y" : "ies")} selected{(dryRun ? " (dry run: nothing sent)" : "")}"))
            .AddColumns("study", "date", "latest run's model", "status", "action");
        foreach (var (study, date, model, status, action) in rows)
            table.AddRow(Markup.Escape(study), date, Markup.Escape(model), status, Markup.Escape(action));
        console.Write(table);
    }
}
