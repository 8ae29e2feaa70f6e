namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>Settings of <see cref="LungPostprocessor"/> (bound from configuration section "Postprocessing").</summary>
public sealed class LungPostprocessingOptions
{
    public const string SectionName = "Postprocessing";

    /// <summary>
    /// Neighbourhood of every connected-component step. Face6 by default: slices are 1–5 mm apart, and diagonal
    /// contacts are what glue the two lungs together at the anterior and posterior junction lines.
    /// </summary>
    public Connectivity Connectivity { get; set; } = Connectivity.Face6;

    /// <summary>Whole-lung components smaller than this (mL) are removed: bowel gas, airway fragments, noise.</summary>
    public double MinIslandVolumeMl { get; set; } = 5;

    /// <summary>
    /// The second-largest component counts as the other lung when it holds at least this fraction of the largest;
    /// smaller ones are fragments that only follow their side.
    /// </summary>
    public double SecondLungMinFraction { get; set; } = 0.1;

    /// <summary>Touching lungs: the middle fraction of the component's x-extent searched for the gap between lungs.</summary>
    public double MidlineSearchBand { get; set; } = 0.5;

    /// <summary>Touching lungs: the gap must hold at most this fraction of the lower of the two lung peaks.</summary>
    public double MidlineDepthRatio { get; set; } = 0.5;

    /// <summary>Touching lungs: each side of the cut must hold at least this fraction of the component.</summary>
    public double MidlineMinSideFraction { get; set; } = 0.2;

    /// <summary>Width (mm) of the moving average over the left–right lung profile, so single columns do not make gaps.</summary>
    public double ProfileSmoothingMm { get; set; } = 10;

    /// <summary>
    /// Pixels below this HU that connect to the edge of their slice through other such pixels are air outside the
    /// patient; lung or lesion labels there are cleared (see <see cref="OutsideAirFilter"/>). Null disables it.
    /// </summary>
    public double? OutsideAirBelowHu { get; set; } = -500;

    /// <summary>Throws when a setting is out of range; call on start.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Connectivity)) throw new ArgumentOutOfRangeException(nameof(Connectivity), Connectivity, "Face6 or Full26.");
        if (!(MinIslandVolumeMl >= 0)) throw new ArgumentOutOfRangeException(nameof(MinIslandVolumeMl), MinIslandVolumeMl, "Must be ≥ 0.");
        CheckFraction(SecondLungMinFraction, nameof(SecondLungMinFraction));
        CheckFraction(MidlineSearchBand, nameof(MidlineSearchBand));
        CheckFraction(MidlineDepthRatio, nameof(MidlineDepthRatio));
        if (!(MidlineMinSideFraction > 0 && MidlineMinSideFraction < 0.5))
            throw new ArgumentOutOfRangeException(nameof(MidlineMinSideFraction), MidlineMinSideFraction, "Must be in (0, 0.5).");
        if (!(ProfileSmoothingMm >= 0)) throw new ArgumentOutOfRangeException(nameof(ProfileSmoothingMm), ProfileSmoothingMm, "Must be ≥ 0.");
    }

    private static void CheckFraction(double value, string name)
    {
        if (!(value > 0 && value <= 1)) throw new ArgumentOutOfRangeException(name, value, "Must be in (0, 1].");
    }
}
