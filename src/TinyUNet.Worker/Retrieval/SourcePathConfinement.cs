namespace TinyUNet.Worker.Retrieval;

/// <summary>
/// Turns a message's folder path into a real folder inside one of the configured source roots, or refuses it. A
/// relative path is taken under each root in turn; an absolute one must already lie in a root. Refused: any ".."
/// segment, paths outside every root, and symbolic links (the folder, a parent or a file inside) that lead out.
/// </summary>
public static class SourcePathConfinement
{
    public static string Resolve(string requested, IReadOnlyList<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        if (string.IsNullOrWhiteSpace(requested) || requested.Contains('\0', StringComparison.Ordinal))
            throw Rejected("the source path is empty or malformed");
        // Refuse ".." outright rather than normalise it: a path that climbs is never what a sender means.
        if (requested.Split('/', '\\').Any(segment => segment == ".."))
            throw Rejected("the source path contains '..'");
        if (roots.Count == 0) throw Rejected("no source roots are configured");

        foreach (string root in roots)
        {
            string realRoot = RealPath(Path.GetFullPath(root));
            string candidate = Path.IsPathFullyQualified(requested) ? Path.GetFullPath(requested) : Path.GetFullPath(Path.Combine(realRoot, requested));
            if (!IsInside(Path.GetFullPath(root), candidate) && !IsInside(realRoot, candidate)) continue;
            if (!Directory.Exists(candidate)) throw Rejected("the source folder does not exist under its root");
            string real = RealPath(candidate);
            if (!IsInside(realRoot, real)) throw Rejected("the source folder leads outside its root through a link");
            foreach (string entry in Directory.EnumerateFileSystemEntries(real, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
                if (!IsInside(realRoot, RealPath(entry))) throw Rejected("a file in the source folder links outside its root");
            return real;
        }
        throw Rejected("the source path is outside the configured roots");
    }

    private static PermanentSegmentationException Rejected(string why) => new($"Source path rejected: {why}.");

    private static bool IsInside(string root, string path)
    {
        string prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path == root.TrimEnd(Path.DirectorySeparatorChar) || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>The path with every symbolic link along it resolved (parents included).</summary>
    private static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        string? parent = Path.GetDirectoryName(full);
        string resolvedParent = parent is null ? full : RealPath(parent);
        if (parent is null) return full;
        string joined = Path.Combine(resolvedParent, Path.GetFileName(full));
        FileSystemInfo info = Directory.Exists(joined) ? new DirectoryInfo(joined) : new FileInfo(joined);
        if (info.LinkTarget is null) return joined;
        FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? joined : RealPath(target.FullName);
    }
}
