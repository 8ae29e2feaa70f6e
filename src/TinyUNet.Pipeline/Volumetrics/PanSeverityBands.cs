namespace TinyUNet.Pipeline.Volumetrics;

/// <summary>
/// The CT severity bands of Pan et al. (Radiology 2020), defined per lobe; without a lobe model we apply them to a
/// whole lung, which gives 0–5 per lung and 0–10 in all, not the paper's 0–25. On a continuous percentage the bands
/// are: 0 when there is no opacity, 1 below 5 %, 2 from 5 % to 25 %, 3 above 25 % and below 50 %, 4 from 50 % to
/// 75 %, 5 above 75 % (the paper's 26–49 % is read as "above 25, below 50").
/// </summary>
public static class PanSeverityBands
{
    public const string Description =
        "Pan et al. 2020 CT severity bands applied per lung, not per lobe (no lobe segmentation): " +
        "0 none, 1 <5 %, 2 5–25 %, 3 >25–<50 %, 4 50–75 %, 5 >75 % of the lung's volume opacified (GGO + consolidation); " +
        "0–5 per lung, total 0–10 (the lobar score's 0–25 does not apply).";

    public static int Score(double? opacityPercent) => opacityPercent switch
    {
        null or <= 0 => 0,
        < 5 => 1,
        <= 25 => 2,
        < 50 => 3,
        <= 75 => 4,
        _ => 5,
    };
}
