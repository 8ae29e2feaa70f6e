using TinyUNet.Storage;

namespace TinyUNet.Reporting;

/// <summary>One page of a cohort (1-based <see cref="Page"/>) and how many studies the whole cohort holds.</summary>
public sealed record CohortPage(IReadOnlyList<StudyReportRow> Items, long Total, int Page, int PageSize);
