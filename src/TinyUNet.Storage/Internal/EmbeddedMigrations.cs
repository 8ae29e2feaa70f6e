using System.Globalization;
using System.Text.RegularExpressions;

namespace TinyUNet.Storage.Internal;

/// <summary>The numbered scripts embedded in this assembly (Migrations/NNNN_*.sql), in order.</summary>
internal static partial class EmbeddedMigrations
{
    private const string Prefix = "TinyUNet.Storage.Migrations.";

    public static IReadOnlyList<MigrationScript> Load()
    {
        var assembly = typeof(EmbeddedMigrations).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            string name = resource[Prefix.Length..];
            Match match = ScriptName().Match(name);
            if (!match.Success) throw new InvalidOperationException($"Migration '{name}' is not named NNNN_description.sql.");
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            scripts.Add(new MigrationScript(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), name, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 1; i < scripts.Count; i++)
            if (scripts[i].Version == scripts[i - 1].Version)
                throw new InvalidOperationException($"Two migrations share number {scripts[i].Version}.");
        return scripts;
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex ScriptName();
}

/// <summary>One embedded SQL script, named NNNN_description.sql; the number orders and identifies it.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql);
