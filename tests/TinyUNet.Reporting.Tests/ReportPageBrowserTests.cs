using Microsoft.Playwright;
using TinyUNet.Reporting.Tests.Support;
using TinyUNet.Storage;
using TinyUNet.TestSupport;
using Xunit.Abstractions;

namespace TinyUNet.Reporting.Tests;

/// <summary>
/// The report page in a real headless browser (Debian's chromium driven by Playwright; no browser is downloaded), served
/// by the real API host on a loopback port against the real PostgreSQL. The page's features are tested with access
/// control off (Auth:Mode=None); signing in through a (test) OpenID Connect provider with the authorization-code flow
/// is a test of its own. Leaves a screenshot in the test output folder.
/// </summary>
[Collection(ReportStackCollection.Name)]
public sealed class ReportPageBrowserTests(ReportStackFixture stack, ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed record Patient(string Model, string Early, string Middle, string Late, string Alone);

    /// <summary>One patient with three studies (montages beside each SEG) and one study stored without a patient key.</summary>
    private async Task<Patient> SeedAsync()
    {
        string model = "page-" + Guid.NewGuid().ToString("N")[..8];
        string key = PatientKey.Compute("site-secret-of-the-test-hospital-0123456789", model)!;
        var p = new Patient(model, Seed.Uid(), Seed.Uid(), Seed.Uid(), Seed.Uid());
        // Lung volumes differ (inspiration), so lesion volume and opacity % do not move in step.
        var rows = new (string Study, DateOnly Date, double Lung, double Ggo, double Consolidation, string? Key)[]
        {
            (p.Early, new(2026, 1, 2), 2500, 180, 60, key), (p.Middle, new(2026, 1, 9), 3200, 120, 20, key),
            (p.Late, new(2026, 1, 30), 3400, 40, 0, key), (p.Alone, new(2026, 1, 20), 3000, 300, 100, null),
        };
        foreach (var (study, date, lung, ggo, consolidation, patientKey) in rows)
        {
            string series = study + ".7";
            string folder = Directory.CreateDirectory(Path.Combine(stack.OutputRoot, study, "page")).FullName;
            await File.WriteAllBytesAsync(Path.Combine(folder, series + ".montage.png"), TestPng.Montage());
            await stack.Runs.SaveSucceededAsync(Seed.Run(study, series, model, Seed.Sha(41), date, lung, ggo, consolidation,
                Path.Combine(folder, series + ".seg.dcm"), patientKey), None);
        }
        return p;
    }

    [Fact]
    public async Task ReportPage_InChromium_LoadsFiltersSortsShowsMontageAndTimeline()
    {
        Patient patient = await SeedAsync();
        int port = FreePort.Next();
        using var factory = new ReportApiFactory(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = stack.ReaderConnectionString,
            ["Storage:OutputRoot"] = stack.OutputRoot,
            ["Auth:Mode"] = "None",
        });
        factory.UseKestrel(port);
        factory.StartServer();
        using var userData = new TempFolder();

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowserContext context = await HeadlessChromium.LaunchAsync(playwright, userData.Path);
        IPage page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        // Uncaught script errors (a missing montage's 404 is expected page behaviour, not one of them).
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.GotoAsync($"http://localhost:{port}/");
        await page.Locator("#studies tbody tr").First.WaitForAsync();
        long loaded = clock.ElapsedMilliseconds;
        await page.FillAsync("input[name=model]", patient.Model);
        clock.Restart();
        await page.ClickAsync("#filters button[type=submit]");
        await WaitForOrderAsync(page, [patient.Late, patient.Alone, patient.Middle, patient.Early]);
        output.WriteLine($"Page to first table row: {loaded} ms; filter to filtered table: {clock.ElapsedMilliseconds} ms");

        await page.ClickAsync("th[data-sort=opacity] button");
        await WaitForOrderAsync(page, [patient.Alone, patient.Early, patient.Middle, patient.Late]);
        Assert.Equal("descending", await page.GetAttributeAsync("th[data-sort=opacity]", "aria-sort"));

        await page.ClickAsync($"#studies tbody tr[data-uid='{patient.Middle}']");
        await page.WaitForFunctionAsync(
            "() => { const i = document.querySelector('#montage'); return !i.hidden && i.complete && i.naturalWidth === 480; }");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#timeline svg circle').length === 6");
        Assert.Equal(2, await page.Locator("#timeline svg polyline").CountAsync());
        Assert.Contains("3 studies", await page.TextContentAsync("#timeline-title"), StringComparison.Ordinal);
        Assert.Equal("140.0", (await page.Locator("#volumes tbody tr").Nth(3).Locator("td").Nth(3).TextContentAsync())?.Trim());

        string screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "report-page.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");
        Console.WriteLine($"Report page screenshot: {screenshot}");

        await page.ClickAsync($"#studies tbody tr[data-uid='{patient.Alone}']");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#timeline svg circle').length === 2");
        Assert.Contains("this study alone", await page.TextContentAsync("#timeline-title"), StringComparison.Ordinal);
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task ReportPage_InChromium_OperatorSignsInThroughTheProviderThenReadsWithTheCookie()
    {
        await using TestIdentityProvider provider = await TestIdentityProvider.StartAsync();
        Patient patient = await SeedAsync();
        int port = FreePort.Next();
        using var userData = new TempFolder();
        string keyRing = userData.Folder("key-ring");
        Dictionary<string, string?> settings = provider.Settings();
        settings["Database:ConnectionString"] = stack.ReaderConnectionString;
        settings["Storage:OutputRoot"] = stack.OutputRoot;
        settings["Auth:DataProtectionKeysPath"] = keyRing;
        using var factory = new ReportApiFactory(settings);
        factory.UseKestrel(port);
        factory.StartServer();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowserContext context = await HeadlessChromium.LaunchAsync(playwright, userData.Path);
        IPage page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        string home = $"http://localhost:{port}/";
        var visited = new List<string>();
        var homeStatuses = new List<int>();
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) visited.Add(frame.Url); };
        // GotoAsync answers with the provider's self-submitting form; the page's own answer comes after the flow.
        page.Response += (_, r) => { if (r.Url == home && r.Request.IsNavigationRequest) homeStatuses.Add(r.Status); };

        await page.GotoAsync(home);
        await page.WaitForURLAsync(home);
        await page.Locator("#studies tbody tr").First.WaitForAsync();
        await page.FillAsync("input[name=model]", patient.Model);
        await page.ClickAsync("#filters button[type=submit]");
        await WaitForOrderAsync(page, [patient.Late, patient.Alone, patient.Middle, patient.Early]);

        Assert.Equal([302, 200], homeStatuses);
        Assert.Contains(visited, url => url.StartsWith(provider.AuthorizeEndpoint, StringComparison.Ordinal));
        Assert.Equal(1, provider.CodesExchanged);
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "TinyUNet.Report" && c.HttpOnly);
        Assert.NotEmpty(Directory.GetFiles(keyRing, "key-*.xml"));

        // The same provider, an operator without the reader role: signed in, but refused.
        provider.OperatorRoles = ["someone-else"];
        await context.ClearCookiesAsync();
        homeStatuses.Clear();
        await page.GotoAsync(home);
        await page.WaitForURLAsync(home);
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        Assert.Equal([302, 403], homeStatuses);
        Assert.Equal(2, provider.CodesExchanged);
    }

    private static async Task WaitForOrderAsync(IPage page, string[] uids)
    {
        string expected = string.Join(',', uids);
        try
        {
            await page.WaitForFunctionAsync(
                "expected => [...document.querySelectorAll('#studies tbody tr')].map(r => r.dataset.uid).join(',') === expected",
                expected, new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            string actual = string.Join(',', await page.Locator("#studies tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.uid)"));
            Assert.Equal(expected, actual);
        }
    }
}
