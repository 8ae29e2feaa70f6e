using Microsoft.Playwright;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Reporting.Tests.Support;
using TinyUNet.TestSupport;
using Xunit.Abstractions;

namespace TinyUNet.Reporting.Tests.Viewer;

/// <summary>
/// The real OHIF build (deploy/viewer, installed by scripts/prerequisites.sh) served by the real API host, in Debian's
/// headless chromium: a user who is not signed in is sent to the login, signs in (OpenID Connect, then the cookie) and
/// sees the sample study with our SEG: OHIF's segmentation panel lists our four segments by label in our colours, on
/// a slice with lesions. Leaves the screenshot in the test output (artifacts/viewer-sample.png, the README's picture).
/// Then the report page's "Open in viewer" links (cohort row and study detail) name that same address.
/// </summary>
[Collection(ReportStackCollection.Name)]
public sealed class ViewerBrowserTests(ReportStackFixture stack, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Viewer_InChromium_SignInThenSampleStudyShowsOurSegWithFourLabelledSegmentsInOurColours()
    {
        string dist = Path.Combine(LocalStack.RepositoryRoot(), "deploy", "viewer", "node_modules", "@ohif", "app", "dist");
        Assert.True(File.Exists(Path.Combine(dist, "index.html")), $"{dist} is missing: run scripts/prerequisites.sh (npm ci in deploy/viewer)");
        using var work = new TempFolder();
        SampleStudyInPacs sample = await SampleStudyInPacs.StoreAsync(stack.Stack, work.Path, CancellationToken.None);

        await using TestIdentityProvider provider = await TestIdentityProvider.StartAsync();
        Dictionary<string, string?> settings = provider.Settings();
        settings["Database:ConnectionString"] = stack.ReaderConnectionString;
        settings["Storage:OutputRoot"] = stack.OutputRoot;
        settings["Viewer:DistPath"] = dist;
        settings["Pacs:DicomWebBaseUrl"] = stack.Stack.DicomWebBaseUrl;
        settings["Pacs:Username"] = stack.Stack.Settings["Pacs__Username"];
        settings["Pacs:Password"] = stack.Stack.Settings["Pacs__Password"];
        int port = FreePort.Next();
        using var api = new ReportApiFactory(settings);
        api.UseKestrel(port);
        api.StartServer();

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowserContext context = await HeadlessChromium.LaunchAsync(playwright, work.Folder("profile"));
        IPage page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var navigations = new List<string>();
        var imageRequestsBeforeSignIn = new List<string>();
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations.Add(frame.Url); };
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/dicom-web/", StringComparison.Ordinal) && provider.CodesExchanged == 0) imageRequestsBeforeSignIn.Add(request.Url);
        };

        // The report page's link for the study, opened by someone who has not signed in.
        string link = $"http://localhost:{port}/viewer/viewer?StudyInstanceUIDs={Uri.EscapeDataString(sample.StudyInstanceUid)}";
        await page.GotoAsync(link);
        await page.WaitForURLAsync(link);
        Assert.Contains(navigations, url => url.StartsWith(provider.AuthorizeEndpoint, StringComparison.Ordinal));
        Assert.Empty(imageRequestsBeforeSignIn);
        Assert.Equal(1, provider.CodesExchanged);

        // OHIF's first-visit tour, then our SEG from the study's series list: OHIF asks before it lays the SEG over the CT.
        ILocator skipTour = page.GetByText("Skip all");
        await skipTour.ClickAsync();
        await page.GetByText("AI-generated segment").First.DblClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await page.Locator("[data-cy='panelSegmentation-btn']").ClickAsync();
        ILocator rows = page.Locator("[data-cy='data-row']");
        await page.WaitForFunctionAsync("() => document.querySelectorAll(\"[data-cy='data-row']\").length === 4");

        var shown = new List<(string Label, string Colour)>();
        for (int i = 0; i < 4; i++)
        {
            ILocator row = rows.Nth(i);
            string label = (await row.Locator("[data-cy='data-row-title']").TextContentAsync())?.Trim() ?? "";
            string colour = await row.Locator("[data-cy='data-row-colorhex']").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
            shown.Add((label, colour));
        }
        var ours = CovidSegments.All.Select(s => s.Colour!.Value is var (r, g, b) ? (s.Label, $"rgb({r}, {g}, {b})") : default).ToList();
        Assert.Equal(ours, shown);

        // A click on a segment takes OHIF to it: consolidation's slices carry lesions of both kinds in the sample.
        await page.Locator("[data-cy='data-row-title']", new() { HasText = "Consolidation" }).ClickAsync();
        await page.WaitForTimeoutAsync(3000);
        string screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "viewer-sample.png");
        await page.ScreenshotAsync(new() { Path = screenshot });
        output.WriteLine($"Screenshot: {screenshot}");
        Console.WriteLine($"Viewer screenshot: {screenshot}");

        // The report page (signed in by the same cookie) links the study's row and its detail to exactly that address.
        await stack.Runs.SaveSucceededAsync(Seed.Run(sample.StudyInstanceUid, sample.StudyInstanceUid + ".1", "viewer-page",
            Seed.Sha(22), new DateOnly(2030, 1, 1), 6233, 377, 325), CancellationToken.None);
        await page.GotoAsync($"http://localhost:{port}/");
        ILocator rowLink = page.Locator($"#studies tbody tr[data-uid='{sample.StudyInstanceUid}'] a.viewer-link");
        await page.Locator($"#studies tbody tr[data-uid='{sample.StudyInstanceUid}']").ClickAsync();
        string relative = link[$"http://localhost:{port}".Length..];
        Assert.Equal(relative, await rowLink.GetAttributeAsync("href"));
        Assert.Equal("Open in viewer", (await rowLink.TextContentAsync())?.Trim());
        await page.WaitForFunctionAsync("uid => document.querySelector('#detail-title').textContent.includes(uid)", sample.StudyInstanceUid);
        Assert.Equal(relative, await page.Locator("#viewer-link").GetAttributeAsync("href"));
        Assert.True(await page.Locator("#viewer-link").IsVisibleAsync());
    }
}
