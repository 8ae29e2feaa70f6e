using System.Text.Json.Serialization;

namespace TinyUNet.Contracts;

/// <summary>
/// Whether a segmented series showed any lung. <see cref="NoLung"/> is a result, not a failure: the series was read
/// and segmented, and the anatomical guard found no lung in it (an abdominal series), so there is no lesion and no
/// severity to report. Written as "lung_found" / "no_lung" in JSON, as in the database.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LungFinding>))]
public enum LungFinding
{
    [JsonStringEnumMemberName("lung_found")]
    LungFound = 0,
    [JsonStringEnumMemberName("no_lung")]
    NoLung = 1,
}
