using TinyUNet.Contracts;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Spectre.Console;
using TinyUNet.Reporting;
using TinyUNet.Storage;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `report`: one study (`--study UID`: latest successful run, its volumetrics and the latest run's status) or a
/// cohort (`--from --to --min-opacity --model --sort`) as a table, CSV or JSON on stdout. The connection string comes
/// from the environment (Database__ConnectionString). Exit 1 when the study is unknown or has no successful run.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var study = new Option<string?>("--study") { Description = "StudyInstanceUID of one study." };
        var from = new Option<string?>("--from") { Description = "Cohort: study date from (yyyy-MM-dd, inclusive)." };
        var to = new Option<string?>("--to") { Description = "Cohort: study date to (yyyy-MM-dd, inclusive)." };
        var minOpacity = new Option<double?>("--min-opacity") { Description = "Cohort: minimum opacity (% of lung)." };
        var model = new Option<string?>("--model") { Description = "Cohort: model name of the latest successful run." };
        var sort = new Option<string>("--sort") { Description = "Cohort order: date, opacity or uid.", DefaultValueFactory = _ => "date" };
        sort.AcceptOnlyFromAmong("date", "opacity", "uid");
        var format = new Option<string>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var command = new Command("report",
            $"Report one study or a cohort from the database (connection string from ${CliDatabase.ConnectionVariable}).")
        {
            study, from, to, minOpacity, model, sort, format,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            string output = parse.GetValue(format)!;
            if (!TryDate(parse.GetValue(from), out DateOnly? fromDate)) return Usage("--from expects a date as yyyy-MM-dd.");
            if (!TryDate(parse.GetValue(to), out DateOnly? toDate)) return Usage("--to expects a date as yyyy-MM-dd.");
            var filter = new CohortFilter
            {
                From = fromDate,
                To = toDate,
                MinOpacityPercent = parse.GetValue(minOpacity),
                ModelName = parse.GetValue(model),
            };
            string? uid = parse.GetValue(study);
            if (uid is not null && filter != new CohortFilter())
                return Usage("--study cannot be combined with the cohort options.");
            if (uid is not null && !DicomUidSyntax.IsValid(uid)) return Usage("--study is not a DICOM UID.");
            if (filter.Validate().FirstOrDefault() is { } problem) return Usage(problem);

            using NpgsqlDataSource dataSource = CliDatabase.Open();
            var queries = new ReportQueries(dataSource);
            return uid is not null
                ? StudyAsync(queries, uid, output, cancellationToken).GetAwaiter().GetResult()
                : CohortAsync(queries, filter, Sort(parse.GetValue(sort)!), output, cancellationToken).GetAwaiter().GetResult();
        })));
        return command;
    }

    private static async Task<int> StudyAsync(ReportQueries queries, string uid, string format, CancellationToken cancellationToken)
    {
        StudyReport? report = await queries.GetStudyAsync(uid, cancellationToken);
        if (report is null)
        {
            Console.Error.WriteLine($"error: unknown study {uid} (no run recorded).");
            return ExitCodes.CheckFailed;
        }
        switch (format)
        {
            case "json":
                Console.Out.WriteLine(JsonSerializer.Serialize(report, ReportJson.Options));
                break;
            case "csv":
                await StudyCsv.WriteAsync(Console.Out, (report.Latest is null ? [] : new[] { report.Latest }).ToAsyncEnumerable(), cancellationToken);
                break;
            default:
                StudyTable(report);
                break;
        }
        if (report.Latest is not null) return ExitCodes.Success;
        Console.Error.WriteLine($"error: study {uid} has no successful run (latest run {report.LatestRun.Status}).");
        return ExitCodes.CheckFailed;
    }

    private static async Task<int> CohortAsync(ReportQueries queries, CohortFilter filter, CohortSort sort, string format,
        CancellationToken cancellationToken)
    {
        IAsyncEnumerable<StudyReportRow> studies = queries.StreamCohortAsync(filter, sort, cancellationToken);
        switch (format)
        {
            case "csv":
                await StudyCsv.WriteAsync(Console.Out, studies, cancellationToken);
                break;
            case "json":
                Console.Out.WriteLine(JsonSerializer.Serialize(await studies.ToListAsync(cancellationToken), ReportJson.Options));
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                foreach (ReportColumn column in ReportColumns.Table) table.AddColumn(column.Header);
                int rows = 0;
                await foreach (StudyReportRow s in studies)
                {
                    table.AddRow(ReportColumns.Table.Select(c => Markup.Escape(Cell(c.Value(s)))).ToArray());
                    rows++;
                }
                Out().Write(table);
                Console.Error.WriteLine($"{rows} stud{(rows == 1 ? "y" : "ies")}");
                break;
        }
        return ExitCodes.Success;
    }

    private static void StudyTable(StudyReport report)
    {
        IAnsiConsole console = Out();
        var summary = new Table().Border(TableBorder.Rounded).AddColumn("Study").AddColumn(Markup.Escape(report.StudyInstanceUid));
        if (report.Latest is { } s)
        {
            foreach (ReportColumn column in ReportColumns.Export.Skip(1))
                summary.AddRow(Markup.Escape(column.Header), Markup.Escape(Cell(column.Value(s))));
        }
        StudyLatestRunRow run = report.LatestRun;
        summary.AddRow("latest_run", Markup.Escape($"{run.Status} {CsvWriter.Format(run.FinishedAt)} ({run.ModelName} {run.ModelVersion})"));
        if (run.Status == "failed")
            summary.AddRow("latest_error", Markup.Escape($"{(run.Permanent == true ? "permanent" : "transient")}: {run.Error}"));
        console.Write(summary);
        if (report.Volumetrics.Count == 0) return;
        var volumes = new Table().Border(TableBorder.Rounded);
        foreach (string header in new[] { "Side", "Class", "Volume mL", "% of lung", "Mean HU", "SD HU" }) volumes.AddColumn(header);
        foreach (VolumetricsRow v in report.Volumetrics)
            volumes.AddRow(v.Side, v.Class, Cell(v.VolumeMl), Cell(v.PercentOfLung), Cell(v.MeanHu), Cell(v.StdHu));
        console.Write(volumes);
    }

    // Terminal cells round to one decimal; the CSV and JSON keep full precision.
    private static string Cell(object? value) => value switch
    {
        null => "-",
        double d => d.ToString("F1", CultureInfo.InvariantCulture),
        _ => CsvWriter.Format(value) ?? "-",
    };

    private static IAnsiConsole Out()
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        // Redirected output has no terminal width: keep UIDs on one line instead of wrapping at 80.
        if (Console.IsOutputRedirected) console.Profile.Width = 240;
        return console;
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null) return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly value)) return false;
        date = value;
        return true;
    }

    private static CohortSort Sort(string text) => text switch
    {
        "opacity" => CohortSort.Opacity,
        "uid" => CohortSort.StudyInstanceUid,
        _ => CohortSort.StudyDate,
    };

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message} (see --help)");
        return ExitCodes.Usage;
    }
}
