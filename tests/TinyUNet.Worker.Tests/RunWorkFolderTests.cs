namespace TinyUNet.Worker.Tests;

/// <summary>Run folders: owned while their run lives, removable once nobody holds them.</summary>
public sealed class RunWorkFolderTests : IDisposable
{
    private readonly TinyUNet.TestSupport.TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void RemoveOrphans_LiveRunKept_LeftoversRemoved()
    {
        using RunWorkFolder live = RunWorkFolder.Claim(temp.File("live"));
        File.WriteAllText(Path.Combine(live.Path, "slice.dcm"), "x");
        string leftover = Directory.CreateDirectory(temp.File("leftover")).FullName;
        File.WriteAllText(Path.Combine(leftover, "slice.dcm"), "x");
        // A folder whose owner died: its lock file is there, nobody holds it.
        string dead = Directory.CreateDirectory(temp.File("dead")).FullName;
        File.WriteAllText(Path.Combine(dead, RunWorkFolder.OwnerFile), "");

        int removed = RunWorkFolder.RemoveOrphans(temp.Path);

        Assert.Equal(2, removed);
        Assert.True(Directory.Exists(live.Path));
        Assert.False(Directory.Exists(leftover));
        Assert.False(Directory.Exists(dead));
    }

    [Fact]
    public void Claim_FolderOwnedByAnotherRun_Refused()
    {
        using RunWorkFolder first = RunWorkFolder.Claim(temp.File("run"));

        Assert.Throws<IOException>(() => RunWorkFolder.Claim(temp.File("run")));
    }

    [Fact]
    public void Dispose_DeletesTheFolder()
    {
        RunWorkFolder run = RunWorkFolder.Claim(temp.File("run"));
        File.WriteAllText(Path.Combine(run.Path, "slice.dcm"), "x");

        run.Dispose();

        Assert.False(Directory.Exists(temp.File("run")));
        Assert.Equal(0, RunWorkFolder.RemoveOrphans(temp.Path));
    }

    [Fact]
    public void RemoveOrphans_NoWorkRoot_Nothing() => Assert.Equal(0, RunWorkFolder.RemoveOrphans(temp.File("missing")));
}
