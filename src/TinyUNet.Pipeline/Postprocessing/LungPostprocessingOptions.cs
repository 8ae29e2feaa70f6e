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

    /// <summary>
    /// The anatomical lung guard (<see cref="LungGuard"/>): air below this HU inside the body is the classical lung
    /// mask, and lung or lesion labels farther than <see cref="LungGuardMarginMm"/> from it are cleared. −400 HU sits
    /// between aerated lung (about −850) and soft tissue, GGO included at its edge (−700 … −300), as the classical
    /// lung-mask literature uses it. Null switches the guard off (for comparison only).
    /// </summary>
    public double? LungGuardAirBelowHu { get; set; } = -400;

    /// <summary>
    /// How far (mm, in the slice's plane) from the HU lung labels may still be lung or lesion: dense consolidation
    /// and atelectasis at the lung's edge are soft-tissue dense, so not in the air mask, and lie along it.
    /// </summary>
    public double LungGuardMarginMm { get; set; } = 15;

    /// <summary>
    /// Enclosed holes (mm², per slice) of the margin-grown lung up to this size are inside it (a consolidation ringed
    /// by aerated lung); larger ones (the liver dome ringed by the right lung's base) are not.
    /// </summary>
    public double LungGuardMaxHoleAreaMm2 { get; set; } = 2500;

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
        if (LungGuardAirBelowHu is double guard && !(guard > -1000 && guard < 0))
            throw new ArgumentOutOfRangeException(nameof(LungGuardAirBelowHu), guard, "Must be in (−1000, 0) HU, or null to switch the guard off.");
        if (!(LungGuardMarginMm >= 0 && LungGuardMarginMm <= 50))
            throw new ArgumentOutOfRangeException(nameof(LungGuardMarginMm), LungGuardMarginMm, "Must be in [0, 50] mm.");
        if (!(LungGuardMaxHoleAreaMm2 >= 0 && LungGuardMaxHoleAreaMm2 <= 1e5))
            throw new ArgumentOutOfRangeException(nameof(LungGuardMaxHoleAreaMm2), LungGuardMaxHoleAreaMm2, "Must be in [0, 100000] mm².");
        if (!(ProfileSmoothingMm >= 0)) throw new ArgumentOutOfRangeException(nameof(ProfileSmoothingMm), ProfileSmoothingMm, "Must be ≥ 0.");
    }

    private static void CheckFraction(double value, string name)
    {
        if (!(value > 0 && value <= 1)) throw new ArgumentOutOfRangeException(name, value, "Must be in (0, 1].");
    }
}
