namespace TinyUNet.Worker;

/// <summary>
/// A run's folder under Storage:WorkRoot (the study's retrieved instances: patient data), owned while the run lives:
/// the run holds an exclusive lock on its <see cref="OwnerFile"/> (flock on Linux, which the kernel drops when the
/// process dies, SIGKILL included), so <see cref="RemoveOrphans"/> can tell a live run's folder from one a killed
/// worker left behind. Disposing deletes the folder.
/// </summary>
public sealed class RunWorkFolder : IDisposable
{
    public const string OwnerFile = ".owner";
    private readonly FileStream owner;

    private RunWorkFolder(string path, FileStream owner)
    {
        Path = path;
        this.owner = owner;
    }

    public string Path { get; }

    /// <summary>Creates the folder and takes its ownership.</summary>
    public static RunWorkFolder Claim(string path)
    {
        Directory.CreateDirectory(path);
        return new RunWorkFolder(path, Lock(path) ?? throw new IOException($"The work folder {path} is owned by another run."));
    }

    /// <summary>
    /// Deletes every folder under <paramref name="workRoot"/> that no live run owns (its owner lock can be taken);
    /// returns how many. Folders of runs alive in this or another process (a shared work root) are left alone.
    /// </summary>
    public static int RemoveOrphans(string workRoot)
    {
        if (!Directory.Exists(workRoot)) return 0;
        int removed = 0;
        foreach (string folder in Directory.EnumerateDirectories(workRoot))
        {
            using FileStream? orphan = Lock(folder);
            if (orphan is null) continue;
            orphan.Dispose(); // the lock file goes with its folder
            Directory.Delete(folder, recursive: true);
            removed++;
        }
        return removed;
    }

    private static FileStream? Lock(string folder)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock on Unix: a second opener, in any process, is refused.
            return new FileStream(System.IO.Path.Combine(folder, OwnerFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        owner.Dispose();
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
