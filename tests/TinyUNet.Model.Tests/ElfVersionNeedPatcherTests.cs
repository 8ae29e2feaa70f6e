using TinyUNet.Build;

using TinyUNet.TestSupport;

namespace TinyUNet.Model.Tests;

/// <summary>
/// The Debian 12 fix for libLibTorchSharp.so (build/ElfVersionNeedPatcher.cs, compiled here with ELF_PATCHER_ONLY).
/// </summary>
public sealed class ElfVersionNeedPatcherTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void TestOutput_LibTorchSharp_HasWeakGlibcxxNeed()
    {
        // The build step ran on this test project's own output: that is the copy that was just loaded.
        string library = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");

        Assert.True(File.Exists(library), library);
        Assert.True(ElfVersionNeedPatcher.IsVersionNeedWeak(File.ReadAllBytes(library), Version));
    }

    [Fact]
    public void Apply_PackageOriginal_PatchesOnceThenIsIdempotent()
    {
        byte[]? original = FindPackageOriginal();
        if (original is null) return; // no NuGet cache copy on this machine: covered by the output test above
        Assert.False(ElfVersionNeedPatcher.IsVersionNeedWeak(original, Version));

        byte[] once = (byte[])original.Clone();
        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionNeedPatcher.Apply(once, Version));
        byte[] twice = (byte[])once.Clone();
        Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionNeedPatcher.Apply(twice, Version));

        Assert.Equal(once, twice);
        Assert.Equal(1, original.Zip(once).Count(pair => pair.First != pair.Second));
    }

    [Fact]
    public void Apply_AbsentVersion_ChangesNothing()
    {
        byte[] library = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"));
        byte[] copy = (byte[])library.Clone();

        Assert.Equal(ElfPatchOutcome.NoSuchNeed, ElfVersionNeedPatcher.Apply(copy, "GLIBCXX_9.9.99"));
        Assert.Equal(library, copy);
    }

    [Fact]
    public void Apply_NotAnElfFile_ReportsNotElf64()
    {
        byte[] text = "#!/bin/sh\necho not a library\n"u8.ToArray().Concat(new byte[64]).ToArray();

        Assert.Equal(ElfPatchOutcome.NotElf64, ElfVersionNeedPatcher.Apply(text, Version));
    }

    private static byte[]? FindPackageOriginal()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }
}
