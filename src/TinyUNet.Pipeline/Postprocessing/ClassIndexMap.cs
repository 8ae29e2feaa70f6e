using TinyUNet.Model.Bundles;

namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>
/// Maps a model's output channel to a <see cref="LungClass"/>, by the manifest's stable class names, so a bundle
/// that orders its classes differently still yields the pipeline's fixed class map.
/// </summary>
public sealed class ClassIndexMap
{
    private static readonly Dictionary<string, LungClass> KnownNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["background"] = LungClass.Background,
        ["lung"] = LungClass.LungField,
        ["lung_field"] = LungClass.LungField,
        ["ggo"] = LungClass.GroundGlassOpacity,
        ["ground_glass_opacity"] = LungClass.GroundGlassOpacity,
        ["consolidation"] = LungClass.Consolidation,
    };

    private readonly byte[] lookup;

    private ClassIndexMap(byte[] lookup) => this.lookup = lookup;

    /// <summary>Model channel i is <see cref="LungClass"/> i (background, lung, ggo, consolidation).</summary>
    public static ClassIndexMap Identity { get; } = new([0, 1, 2, 3]);

    public int ModelClassCount => lookup.Length;

    /// <summary>True when no remapping is needed, so callers can skip a pass over the voxels.</summary>
    public bool IsIdentity => lookup.Select((c, i) => c == i).All(same => same);

    public static ClassIndexMap FromManifest(IReadOnlyList<ClassInfo> classes)
    {
        var lookup = new byte[classes.Count];
        var seen = new HashSet<LungClass>();
        foreach (ClassInfo info in classes)
        {
            if (info.Index < 0 || info.Index >= classes.Count)
                throw new ArgumentException($"Class index {info.Index} is outside 0..{classes.Count - 1}.", nameof(classes));
            if (!KnownNames.TryGetValue(info.Name, out LungClass mapped))
                throw new ArgumentException(
                    $"Model class '{info.Name}' is not one of: {string.Join(", ", KnownNames.Keys)}.", nameof(classes));
            if (!seen.Add(mapped))
                throw new ArgumentException($"Two model classes map to {mapped}.", nameof(classes));
            lookup[info.Index] = (byte)mapped;
        }
        if (seen.Count != 4)
            throw new ArgumentException("The model must output background, lung, ggo and consolidation.", nameof(classes));
        return new ClassIndexMap(lookup);
    }

    public LungClass this[int modelClass] => (LungClass)lookup[modelClass];

    /// <summary>Rewrites model channel indices to <see cref="LungClass"/> values in place.</summary>
    public void Apply(Span<byte> voxels)
    {
        if (IsIdentity) return;
        for (int i = 0; i < voxels.Length; i++) voxels[i] = lookup[voxels[i]];
    }
}
