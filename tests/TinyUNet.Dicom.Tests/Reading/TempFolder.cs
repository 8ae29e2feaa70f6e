namespace TinyUNet.Dicom.Tests.Reading;

/// <summary>A scratch folder deleted with the test; the shared data is read-only, edits happen on copies here.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tinyunet-dicom-" + Guid.NewGuid().ToString("N"));

    /// <summary>Copies files in, writable (the sources are read-only).</summary>
    public string[] CopyIn(IEnumerable<string> files, string subfolder = "")
    {
        string target = System.IO.Path.Combine(Path, subfolder);
        Directory.CreateDirectory(target);
        return files.Select(f =>
        {
            string destination = System.IO.Path.Combine(target, System.IO.Path.GetFileName(f));
            File.Copy(f, destination);
            File.SetAttributes(destination, FileAttributes.Normal);
            return destination;
        }).ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
