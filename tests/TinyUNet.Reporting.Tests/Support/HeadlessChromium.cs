using Microsoft.Playwright;

namespace TinyUNet.Reporting.Tests.Support;

/// <summary>Debian's chromium (never a downloaded browser), headless, with the switches the closed network needs.</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>A browser with its own fresh profile in <paramref name="userDataFolder"/>.</summary>
    public static async Task<IBrowserContext> LaunchAsync(IPlaywright playwright, string userDataFolder)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        Assert.True(File.Exists(Path), $"{Path} is missing: run scripts/prerequisites.sh");
        return await playwright.Chromium.LaunchPersistentContextAsync(userDataFolder, new()
        {
            ExecutablePath = Path,
            Headless = true,
            // Tests run as root, where chromium's sandbox cannot start.
            ChromiumSandbox = false,
            // Without the background-networking switches chromium's own traffic makes the closed network refuse connections.
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new() { Width = 1500, Height = 860 },
        });
    }
}
