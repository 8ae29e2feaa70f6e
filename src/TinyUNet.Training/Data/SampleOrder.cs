namespace TinyUNet.Training.Data;

/// <summary>Orders file stems numerically when they are numbers (2 before 10), else ordinally: stable splits.</summary>
internal static class SampleOrder
{
    public static IEnumerable<string> Sort(IEnumerable<string> paths, Func<string, string> stem) =>
        paths.OrderBy(p => long.TryParse(stem(p), out long n) ? n : long.MaxValue)
             .ThenBy(p => stem(p), StringComparer.Ordinal);
}
