namespace TinyUNet.Model.Bundles;

/// <summary>
/// The self-description of a model bundle (manifest.json beside the weights): what the network is, what it
/// outputs, how CT intensities become its input, which weights (by sha256) and where they came from.
/// </summary>
public sealed record ModelManifest
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required ArchitectureInfo Architecture { get; init; }
    public required InputSpec Input { get; init; }
    public required IReadOnlyList<ClassInfo> Classes { get; init; }
    public required WeightsInfo Weights { get; init; }
    public required Provenance Provenance { get; init; }
    /// <summary>How the model's makers ask for it to be run (null: one plain forward pass per slice); an operator may override.</summary>
    public InferenceDefaults? Inference { get; init; }
}

/// <summary>
/// Inference settings that belong to the weights, chosen by cross-validation beside them: test-time flip averaging
/// (each slice and its mirror image, scores averaged) doubles the forward passes for the Dice its model card reports.
/// </summary>
public sealed record InferenceDefaults(bool FlipAveraging = false);

/// <summary>Architecture name and version (TinyUNetNetwork.ArchitectureVersion) and its constructor arguments.</summary>
public sealed record ArchitectureInfo(string Name, string Version, int InChannels, int NumClasses);

/// <summary>
/// Input size (multiples of 16), one intensity mapping per input channel, and how a slice is framed before the resize
/// (null: the whole slice, as it comes — bundles written before framing existed).
/// </summary>
public sealed record InputSpec(int Height, int Width, IReadOnlyList<ChannelPreprocessing> Channels, SliceFraming? Framing = null);

/// <summary>
/// How a slice is presented to the network, so that inference shows it the anatomy at the scale and in the
/// orientation training did.
/// </summary>
/// <param name="BodyThresholdHu">
/// Crop each slice to the bounding box of its largest connected region above this HU (the body) before the resize,
/// and paste the prediction back into that box (outside it: background). Null: no crop.
/// </param>
/// <param name="Orientation">Which way round the network saw its training slices.</param>
public sealed record SliceFraming(double? BodyThresholdHu, SliceOrientation Orientation = SliceOrientation.Radiological);

/// <summary>The in-plane orientation of a model's training slices, relative to the radiological view.</summary>
public enum SliceOrientation
{
    /// <summary>Anterior at the top, the patient's right at the image's left (DICOM axial, standard view).</summary>
    Radiological,
    /// <summary>
    /// The radiological view transposed: anterior at the left, the patient's right at the top. The COVID-SemiSeg
    /// exports are turned this way (a NIfTI array read with its axes swapped).
    /// </summary>
    Transposed,
}

/// <summary>
/// One input channel from Hounsfield units: clip to the window [center − width/2, center + width/2], scale to
/// [0, 1], then (value − Mean) / Std.
/// </summary>
public sealed record ChannelPreprocessing(double WindowCenter, double WindowWidth, double Mean = 0, double Std = 1)
{
    /// <summary>The window's bottom, in HU: it maps to 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Low => WindowCenter - WindowWidth / 2;

    /// <summary>HU → window-relative intensity in [0, 1] (clipped): the one windowing formula, host side.</summary>
    public float ToUnit(double hu) => (float)Math.Clamp((hu - Low) / WindowWidth, 0, 1);

    /// <summary>Window-relative intensity → HU: an 8-bit windowed image's gray / 255 back to the scale it came from.</summary>
    public float FromUnit(double unit) => (float)(Low + unit * WindowWidth);
}

/// <summary>An output class: its channel index and a stable machine name (background, lung, ggo, consolidation).</summary>
public sealed record ClassInfo(int Index, string Name, string? Description = null);

/// <summary>The weights file, relative to the bundle folder, and its sha256 (lower-case hex).</summary>
public sealed record WeightsInfo(string File, string Sha256);

/// <summary>Where the weights came from: data, licence, recipe, command, hardware.</summary>
public sealed record Provenance(
    string Source,
    string License,
    DateTimeOffset CreatedUtc,
    string? TrainingData = null,
    string? Command = null,
    string? Hardware = null,
    string? Notes = null);
