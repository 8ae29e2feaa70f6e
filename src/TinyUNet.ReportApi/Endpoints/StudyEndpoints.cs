using TinyUNet.Contracts;
using Microsoft.Extensions.Options;
using TinyUNet.ReportApi.Configuration;
using TinyUNet.ReportApi.Montages;
using TinyUNet.Reporting;
using TinyUNet.Storage;

namespace TinyUNet.ReportApi.Endpoints;

/// <summary>
/// GET /api/studies (paged cohort), /api/studies.csv (the whole cohort), /api/studies/{uid} (report),
/// /api/studies/{uid}/status (latest run of any status), /api/studies/{uid}/montage.png and
/// /api/patients/{key}/studies (one pseudonymous patient's studies, oldest first). UIDs are checked for
/// DICOM syntax before any use; an unknown study is 404.
/// </summary>
public static class StudyEndpoints
{
    public static IEndpointRouteBuilder MapStudyEndpoints(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        RouteGroupBuilder api = routes.MapGroup("/api");
        api.MapGet("/studies", GetCohortAsync);
        api.MapGet("/studies.csv", GetCohortCsvAsync);
        api.MapGet("/studies/{uid}", GetStudyAsync);
        api.MapGet("/studies/{uid}/status", GetStatusAsync);
        api.MapGet("/studies/{uid}/montage.png", GetMontageAsync);
        api.MapGet("/patients/{key}/studies", GetPatientStudiesAsync);
        return routes;
    }

    private static async Task<IResult> GetStudyAsync(string uid, ReportQueries queries, CancellationToken cancellationToken)
    {
        if (!DicomUidSyntax.IsValid(uid)) return InvalidUid();
        StudyReport? report = await queries.GetStudyAsync(uid, cancellationToken);
        return report is null ? UnknownStudy() : Results.Ok(report);
    }

    private static async Task<IResult> GetStatusAsync(string uid, ReportQueries queries, CancellationToken cancellationToken)
    {
        if (!DicomUidSyntax.IsValid(uid)) return InvalidUid();
        StudyLatestRunRow? status = await queries.GetLatestRunAsync(uid, cancellationToken);
        return status is null ? UnknownStudy() : Results.Ok(status);
    }

    private static async Task<IResult> GetMontageAsync(string uid, ReportQueries queries, MontageLocator montages,
        CancellationToken cancellationToken)
    {
        if (!DicomUidSyntax.IsValid(uid)) return InvalidUid();
        StudyReport? report = await queries.GetStudyAsync(uid, cancellationToken);
        if (report?.Latest is null) return UnknownStudy();
        string? path = montages.Find(report.Latest);
        return path is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No montage for this study's latest run.")
            : Results.File(path, "image/png");
    }

    private static async Task<IResult> GetPatientStudiesAsync(string key, ReportQueries queries, CancellationToken cancellationToken)
    {
        if (!ReportQueries.IsPatientKey(key))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a patient key (64 lowercase hex digits).");
        IReadOnlyList<StudyReportRow> studies = await queries.GetPatientStudiesAsync(key, cancellationToken);
        return studies.Count == 0
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown patient key.")
            : Results.Ok(new { patientKey = key, studies });
    }

    private static async Task<IResult> GetCohortAsync(ReportQueries queries, IOptions<ReportApiOptions> options,
        string? from, string? to, string? minOpacity, string? model, string? sort, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var (filter, order, errors) = CohortParameters.Parse(from, to, minOpacity, model, sort);
        if (page is < 1) errors["page"] = ["Pages start at 1."];
        if (pageSize is < 1) errors["pageSize"] = ["Must be at least 1."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        // Larger requests are capped rather than refused: the answer says which size it used.
        int size = Math.Min(pageSize ?? options.Value.DefaultPageSize, options.Value.MaxPageSize);
        return Results.Ok(await queries.GetCohortPageAsync(filter, order, page ?? 1, size, cancellationToken));
    }

    private static async Task<IResult> GetCohortCsvAsync(HttpContext context, ReportQueries queries,
        string? from, string? to, string? minOpacity, string? model, string? sort, CancellationToken cancellationToken)
    {
        var (filter, order, errors) = CohortParameters.Parse(from, to, minOpacity, model, sort);
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        context.Response.ContentType = "text/csv; charset=utf-8; header=present";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"studies.csv\"";
        // leaveOpen: the response body belongs to the server.
        await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await StudyCsv.WriteAsync(writer, queries.StreamCohortAsync(filter, order, cancellationToken), cancellationToken);
        await writer.FlushAsync(cancellationToken);
        return Results.Empty;
    }

    private static IResult InvalidUid() =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a DICOM UID.");

    private static IResult UnknownStudy() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown study.");
}
