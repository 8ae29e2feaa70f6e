using TinyUNet.Contracts;

namespace TinyUNet.Storage.Internal;

/// <summary>runs.lung_finding ↔ <see cref="LungFinding"/>; the column's CHECK (migration 0006) allows exactly these two.</summary>
internal static class LungFindingColumn
{
    public static string ToText(LungFinding finding) => finding switch
    {
        LungFinding.LungFound => "lung_found",
        LungFinding.NoLung => "no_lung",
        _ => throw new ArgumentOutOfRangeException(nameof(finding), finding, "Unknown lung finding."),
    };

    public static LungFinding? FromText(string? text) => text switch
    {
        null => null,
        "lung_found" => LungFinding.LungFound,
        "no_lung" => LungFinding.NoLung,
        _ => throw new InvalidDataException($"Unknown lung_finding '{text}'."),
    };
}
