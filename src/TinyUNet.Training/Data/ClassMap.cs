using System.Globalization;

namespace TinyUNet.Training.Data;

/// <summary>
/// Raw label value → model class index, resolved once against the model's class names. A value may also name a
/// <b>group</b> of classes, "ggo|consolidation": the label then says "one of these, not which" (pseudo-labels that tell
/// infection from the rest but not its kind). Group g gets target index classNames.Count + g, after the classes;
/// <see cref="Losses.SegmentationLoss"/> scores such pixels by the summed probability of the group's members.
/// </summary>
public sealed class ClassMap
{
    public const char GroupSeparator = '|';

    private readonly int[] lookup = Enumerable.Repeat(-1, 256).ToArray();
    private readonly List<int[]> groups = [];

    public ClassMap(IReadOnlyDictionary<string, string> rawToName, IReadOnlyList<string> classNames)
    {
        foreach ((string raw, string name) in rawToName)
        {
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > 255)
                throw new DatasetException(DatasetErrorKind.InvalidConfiguration,
                    $"classMap key '{raw}' is not a label value 0..255.");
            if (name.Contains(GroupSeparator))
            {
                lookup[value] = classNames.Count + GroupIndex(name, classNames);
                continue;
            }
            int index = IndexOf(classNames, name);
            lookup[value] = index;
            LabelledClasses.Add(index);
        }
        if (LabelledClasses.Count == 0 && groups.Count == 0)
            throw new DatasetException(DatasetErrorKind.InvalidConfiguration, "classMap is empty.");
    }

    /// <summary>Classes whose pixels the map names one by one (groups excluded).</summary>
    public HashSet<int> LabelledClasses { get; } = [];

    /// <summary>Member classes of each group, in target-index order after the model's classes.</summary>
    public IReadOnlyList<int[]> Groups => groups;

    private int GroupIndex(string name, IReadOnlyList<string> classNames)
    {
        int[] members = [.. name.Split(GroupSeparator, StringSplitOptions.TrimEntries).Select(n => IndexOf(classNames, n)).Distinct().Order()];
        if (members.Length < 2)
            throw new DatasetException(DatasetErrorKind.InvalidConfiguration, $"classMap group '{name}' needs two or more classes.");
        int existing = groups.FindIndex(g => g.SequenceEqual(members));
        if (existing >= 0) return existing;
        if (groups.Any(g => g.Intersect(members).Any()))
            throw new DatasetException(DatasetErrorKind.InvalidConfiguration, $"classMap group '{name}' overlaps another group.");
        groups.Add(members);
        return groups.Count - 1;
    }

    /// <summary>
    /// The classes whose presence and absence a label map states. Raw value 0 is the catch-all ("none of the labelled
    /// classes"); when the model has a class the labels do not carry (a lung field not derived), a 0 pixel may be that
    /// class, so the catch-all is not a statement about it and is left out. Lesion classes stay exact either way.
    /// </summary>
    public IReadOnlySet<int> StatedClasses(int modelClassCount, int? derivedClass)
    {
        var stated = new HashSet<int>(LabelledClasses);
        if (derivedClass is { } d) stated.Add(d);
        if (stated.Count < modelClassCount && lookup[0] >= 0) stated.Remove(lookup[0]);
        return stated;
    }

    public static int IndexOf(IReadOnlyList<string> classNames, string name)
    {
        for (int i = 0; i < classNames.Count; i++)
            if (string.Equals(classNames[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new DatasetException(DatasetErrorKind.InvalidConfiguration,
            $"class '{name}' is not one of the model's classes ({string.Join(", ", classNames)}).");
    }

    /// <summary>Maps raw values in place-free fashion; <paramref name="source"/> names the file in errors.</summary>
    public byte[] Apply(ReadOnlySpan<int> raw, string source)
    {
        var labels = new byte[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            int v = raw[i];
            int index = v is >= 0 and < 256 ? lookup[v] : -1;
            if (index < 0)
                throw new DatasetException(DatasetErrorKind.UnknownClassValue,
                    $"{source}: label value {v} at pixel {i} is not in the class map.");
            labels[i] = (byte)index;
        }
        return labels;
    }
}
