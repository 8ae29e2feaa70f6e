using Xunit;

namespace TinyUNet.TestSupport;

/// <summary>A fresh folder under the system temp dir, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tinyunet-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies files in, writable (the shared sources are read-only).</summary>
    public string[] CopyIn(IEnumerable<string> files, string subfolder = "")
    {
        string target = System.IO.Path.Combine(Path, subfolder);
        Directory.CreateDirectory(target);
        return files.Select(f =>
        {
            string destination = System.IO.Path.Combine(target, System.IO.Path.GetFileName(f));
            System.IO.File.Copy(f, destination);
            System.IO.File.SetAttributes(destination, FileAttributes.Normal);
            return destination;
        }).ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
