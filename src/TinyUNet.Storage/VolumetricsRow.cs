using Npgsql;
using TinyUNet.Storage.Internal;

namespace TinyUNet.Storage;

/// <summary>
/// One row of the volumetrics table: a class ("whole_lung", "lung_field", "ggo", "consolidation", "lesion") of one side
/// ("right", "left", "total"); zero volumes are stored as explicit rows. <see cref="PercentOfLung"/> is of the same
/// side's lung; null when it has none. Written with a run (<see cref="RunRecord.Volumetrics"/>), read by reports.
/// </summary>
public sealed record VolumetricsRow(
    string Side,
    string Class,
    long VoxelCount,
    double VolumeMl,
    double? PercentOfLung,
    double? MeanHu,
    double? StdHu)
{
    public const string Table = "volumetrics";

    /// <summary>The columns read, in the order <see cref="Read"/> expects them.</summary>
    public const string Columns = "side, class, voxel_count, volume_ml, percent_of_lung, mean_hu, std_hu";

    /// <summary>The current row of a reader that selected <see cref="Columns"/>.</summary>
    public static VolumetricsRow Read(NpgsqlDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3),
            reader.GetNullableDouble(4), reader.GetNullableDouble(5), reader.GetNullableDouble(6));
    }
}
