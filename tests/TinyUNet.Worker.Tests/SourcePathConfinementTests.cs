using TinyUNet.TestSupport;
using TinyUNet.Worker.Retrieval;

namespace TinyUNet.Worker.Tests;

public sealed class SourcePathConfinementTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly string root;

    public SourcePathConfinementTests()
    {
        root = temp.File("root");
        Directory.CreateDirectory(Path.Combine(root, "study", "sub"));
        File.WriteAllText(Path.Combine(root, "study", "a.dcm"), "x");
        Directory.CreateDirectory(temp.File("outside"));
        File.WriteAllText(temp.File("outside/secret.dcm"), "x");
    }

    [Fact]
    public void Resolve_RelativeInsideRoot_ReturnsRealFolder() =>
        Assert.Equal(Path.Combine(root, "study"), SourcePathConfinement.Resolve("study", [root]));

    [Fact]
    public void Resolve_AbsoluteInsideRoot_ReturnsIt() =>
        Assert.Equal(Path.Combine(root, "study", "sub"), SourcePathConfinement.Resolve(Path.Combine(root, "study", "sub"), [root]));

    [Theory]
    [InlineData("../outside")]
    [InlineData("study/../../outside")]
    [InlineData("study/..")]
    public void Resolve_DotDot_Rejected(string path) =>
        Assert.Contains("'..'", Assert.Throws<PermanentSegmentationException>(() => SourcePathConfinement.Resolve(path, [root])).Message);

    [Fact]
    public void Resolve_AbsoluteOutsideRoots_Rejected() =>
        Assert.Contains("outside the configured roots",
            Assert.Throws<PermanentSegmentationException>(() => SourcePathConfinement.Resolve(temp.File("outside"), [root])).Message);

    [Fact]
    public void Resolve_FolderLinkLeadingOut_Rejected()
    {
        Directory.CreateSymbolicLink(Path.Combine(root, "escape"), temp.File("outside"));
        Assert.Contains("through a link",
            Assert.Throws<PermanentSegmentationException>(() => SourcePathConfinement.Resolve("escape", [root])).Message);
    }

    [Fact]
    public void Resolve_FileLinkLeadingOut_Rejected()
    {
        File.CreateSymbolicLink(Path.Combine(root, "study", "b.dcm"), temp.File("outside/secret.dcm"));
        Assert.Contains("links outside",
            Assert.Throws<PermanentSegmentationException>(() => SourcePathConfinement.Resolve("study", [root])).Message);
    }

    [Fact]
    public void Resolve_LinkStayingInside_Accepted()
    {
        Directory.CreateSymbolicLink(Path.Combine(root, "alias"), Path.Combine(root, "study"));
        Assert.Equal(Path.Combine(root, "study"), SourcePathConfinement.Resolve("alias", [root]));
    }

    [Fact]
    public void Resolve_NoRoots_Rejected() =>
        Assert.Throws<PermanentSegmentationException>(() => SourcePathConfinement.Resolve("study", []));

    [Fact]
    public void Resolve_MissingFolder_Rejected() =>
        Assert.Contains("does not exist",
            Assert.Throws<PermanentSegmentationException>(() => SourcePathConfinement.Resolve("nope", [root])).Message);

    public void Dispose() => temp.Dispose();
}
