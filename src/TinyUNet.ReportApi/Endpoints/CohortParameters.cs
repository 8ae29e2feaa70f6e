using System.Globalization;
using TinyUNet.Reporting;

namespace TinyUNet.ReportApi.Endpoints;

/// <summary>
/// Parses the cohort query string (from, to as yyyy-MM-dd; minOpacity as an invariant number; model; sort
/// date|opacity|uid) into a filter, collecting one message per bad parameter for a 400 answer.
/// </summary>
internal static class CohortParameters
{
    public static (CohortFilter Filter, CohortSort Sort, Dictionary<string, string[]> Errors) Parse(
        string? from, string? to, string? minOpacity, string? model, string? sort)
    {
        var errors = new Dictionary<string, string[]>();
        DateOnly? fromDate = Date(from, "from", errors), toDate = Date(to, "to", errors);
        double? min = null;
        if (!string.IsNullOrEmpty(minOpacity))
        {
            if (double.TryParse(minOpacity, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) min = value;
            else errors["minOpacity"] = ["Expected a number (e.g. 12.5)."];
        }
        CohortSort order = CohortSort.StudyDate;
        switch (sort)
        {
            case null or "" or "date": break;
            case "opacity": order = CohortSort.Opacity; break;
            case "uid": order = CohortSort.StudyInstanceUid; break;
            default: errors["sort"] = ["Expected date, opacity or uid."]; break;
        }
        var filter = new CohortFilter
        {
            From = fromDate,
            To = toDate,
            MinOpacityPercent = min,
            ModelName = string.IsNullOrEmpty(model) ? null : model,
        };
        if (errors.Count == 0)
        {
            string[] problems = filter.Validate().ToArray();
            if (problems.Length > 0) errors["filter"] = problems;
        }
        return (filter, order, errors);
    }

    private static DateOnly? Date(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
            return date;
        errors[name] = ["Expected a date as yyyy-MM-dd."];
        return null;
    }
}
