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
}

/// <summary>Architecture name and version (TinyUNet.ArchitectureVersion) and its constructor arguments.</summary>
public sealed record ArchitectureInfo(string Name, string Version, int InChannels, int NumClasses);

/// <summary>Input size (multiples of 16) and one intensity mapping per input channel.</summary>
public sealed record InputSpec(int Height, int Width, IReadOnlyList<ChannelPreprocessing> Channels);

/// <summary>
/// One input channel from Hounsfield units: clip to the window [center − width/2, center + width/2], scale to
/// [0, 1], then (value − Mean) / Std.
/// </summary>
public sealed record ChannelPreprocessing(double WindowCenter, double WindowWidth, double Mean = 0, double Std = 1);

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
