using TinyUNet.Storage;

namespace TinyUNet.Reporting.Tests.Support;

/// <summary>
/// A cohort of eight studies whose latest successful run is by model <see cref="Model"/> (S1…S8), plus S9 whose latest
/// run is by <see cref="OtherModel"/> (its earlier run by <see cref="Model"/> must not count). S8's earlier run is
/// by the other model. Dates and opacities are chosen so that each order and filter picks a known subset.
/// </summary>
public sealed class Cohort
{
    private Cohort(string model) => Model = model;

    public string Model { get; }
    public string OtherModel => Model + "-other";
    public string S1 { get; } = Seed.Uid();
    public string S2 { get; } = Seed.Uid();
    public string S3 { get; } = Seed.Uid();
    public string S4 { get; } = Seed.Uid();
    public string S5 { get; } = Seed.Uid();
    public string S6 { get; } = Seed.Uid();
    public string S7 { get; } = Seed.Uid();
    public string S8 { get; } = Seed.Uid();
    public string S9 { get; } = Seed.Uid();

    /// <summary>Study date descending, no date last, ties (S2, S6 on Jan 3) by UID.</summary>
    public string[] ByDate => [S7, S3, S1, S2, S6, S8, S5, S4];
    /// <summary>Opacity descending (30, 15, 10, 5, 4, 1, 0), no lung (S7) last.</summary>
    public string[] ByOpacity => [S3, S1, S6, S4, S8, S2, S5, S7];

    public static async Task<Cohort> WriteAsync(SegmentationRunStore runs, string model)
    {
        var c = new Cohort(model);
        string sha = Seed.Sha(model.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        string otherSha = Seed.Sha((model.GetHashCode(StringComparison.Ordinal) & 0x7fffffff) + 1);
        async Task Save(string study, string m, string s, DateOnly? date, double lung, double ggo, double cons) =>
            await runs.SaveSucceededAsync(Seed.Run(study, study + ".7", m, s, date, lung, ggo, cons), CancellationToken.None);
        await Save(c.S1, model, sha, new(2026, 1, 5), 1000, 100, 50);
        await Save(c.S2, model, sha, new(2026, 1, 3), 2000, 20, 0);
        await Save(c.S3, model, sha, new(2026, 1, 7), 1500, 300, 150);
        await Save(c.S4, model, sha, null, 1800, 90, 0);
        await Save(c.S5, model, sha, new(2026, 1, 1), 1200, 0, 0);
        await Save(c.S6, model, sha, new(2026, 1, 3), 1000, 50, 50);
        await Save(c.S7, model, sha, new(2026, 2, 1), 0, 0, 0);
        await Save(c.S8, c.OtherModel, otherSha, new(2026, 1, 2), 1000, 40, 0);
        await Save(c.S8, model, sha, new(2026, 1, 2), 1000, 40, 0);
        await Save(c.S9, model, sha, new(2026, 1, 4), 1000, 500, 0);
        await Save(c.S9, c.OtherModel, otherSha, new(2026, 1, 4), 1000, 60, 0);
        return c;
    }
}
