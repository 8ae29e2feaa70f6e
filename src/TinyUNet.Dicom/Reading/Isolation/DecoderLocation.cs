namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Where the decoder child is and what runs it: TinyUNet.DicomDecoder.dll beside this application (projects that
/// decode reference it, so builds and publishes put it there), run by the same dotnet host as this process.
/// </summary>
internal sealed record DecoderLocation(string Host, string Assembly)
{
    public const string AssemblyFileName = "TinyUNet.DicomDecoder.dll";

    public static DecoderLocation Find()
    {
        string assembly = Path.Combine(AppContext.BaseDirectory, AssemblyFileName);
        if (!File.Exists(assembly))
            throw new DecoderUnavailableException(
                $"{AssemblyFileName} is not beside the application ({AppContext.BaseDirectory}); reference TinyUNet.DicomDecoder");
        return new DecoderLocation(DotnetHost(), assembly);
    }

    /// <summary>The dotnet executable of the runtime this process runs on (its root is three folders above the runtime's).</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } set && File.Exists(set)) return set;
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        string root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string host = Path.Combine(root, "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
