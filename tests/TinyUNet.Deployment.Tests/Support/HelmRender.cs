using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace TinyUNet.Deployment.Tests.Support;

/// <summary>
/// Builds HelmRender/main.go once per source version (into the temp folder, offline: Debian's Go packages in GOPATH
/// mode) and runs it. Exit 3 is a template's own `fail` or `required`; anything else that is not 0 is an error of the
/// chart or the tool, never taken for an intended refusal.
/// </summary>
public static class HelmRender
{
    private const string DebianGoPath = "/usr/share/gocode";
    private static readonly Lazy<string> Binary = new(Build);

    public static IReadOnlyDictionary<string, string> Render(string chartDirectory, string valuesYaml, string releaseName)
    {
        string valuesFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(valuesFile, valuesYaml);
            var (code, stdout, stderr) = Run(Binary.Value, ["-chart", chartDirectory, "-values", valuesFile, "-release", releaseName], null);
            return code switch
            {
                0 => JsonSerializer.Deserialize<Dictionary<string, string>>(stdout) ?? throw new InvalidDataException("helm-render wrote no JSON."),
                3 => throw new TemplateFailedException(stderr.Trim()),
                _ => throw new InvalidOperationException($"helm-render failed ({code}): {stderr.Trim()}"),
            };
        }
        finally
        {
            File.Delete(valuesFile);
        }
    }

    private static string Build()
    {
        string source = RepositoryFiles.PathOf("tests", "TinyUNet.Deployment.Tests", "HelmRender", "main.go");
        string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(source)))[..16].ToLowerInvariant();
        string root = Path.Combine(Path.GetTempPath(), "tinyunet-helm-render", hash);
        string binary = Path.Combine(root, "helm-render");
        if (File.Exists(binary)) return binary;
        if (!Directory.Exists(Path.Combine(DebianGoPath, "src", "github.com", "Masterminds", "sprig")) || !File.Exists("/usr/bin/go"))
            throw new InvalidOperationException("The chart tests need Go and sprig from Debian (golang-go, golang-github-masterminds-sprig-dev, "
                + "golang-gopkg-yaml.v2-dev): run scripts/prerequisites.sh.");

        // GOPATH mode against Debian's packaged sources (no module download). The go.mod beside main.go makes it "new
        // code", for which go resolves sprig's /v3 import path to the unversioned folder Debian installs.
        string package = Path.Combine(root, "gopath", "src", "helmrender");
        Directory.CreateDirectory(package);
        File.Copy(source, Path.Combine(package, "main.go"), overwrite: true);
        File.WriteAllText(Path.Combine(package, "go.mod"), "module helmrender\n\ngo 1.19\n");
        string building = binary + ".building-" + Environment.ProcessId;
        var environment = new Dictionary<string, string>
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = Path.Combine(root, "gopath") + ":" + DebianGoPath,
            ["GOCACHE"] = Path.Combine(root, "cache"),
            ["GOFLAGS"] = "",
            ["CGO_ENABLED"] = "0",
        };
        var (code, _, stderr) = Run("/usr/bin/go", ["build", "-o", building, "helmrender"], environment);
        if (code != 0) throw new InvalidOperationException("Building helm-render failed: " + stderr);
        File.Move(building, binary, overwrite: true);
        return binary;
    }

    private static (int Code, string StdOut, string StdErr) Run(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + file);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(file + " did not finish in 300 s.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
