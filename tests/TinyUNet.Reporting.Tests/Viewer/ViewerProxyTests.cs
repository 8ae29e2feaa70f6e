using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TinyUNet.ReportApi.Viewer;
using TinyUNet.Reporting.Tests.Support;
using TinyUNet.TestSupport;

namespace TinyUNet.Reporting.Tests.Viewer;

/// <summary>
/// The viewer's DICOMweb proxy and its files behind the API's access control, against a recording stand-in PACS: only
/// GET of allow-listed DICOMweb paths reaches it (with the API's PACS credentials, never the caller's), answers are
/// capped in size and time, and a caller who is not a signed-in reader gets the login or 401/403, never an image.
/// </summary>
[Collection(ReportStackCollection.Name)]
public sealed class ViewerProxyTests(ReportStackFixture stack) : IAsyncLifetime
{
    private const string Reader = "tinyunet-reader";
    private const string PacsRoot = "http://pacs.test:8042/dicom-web/";
    private static readonly string ApiKey = new('v', 40);
    private readonly FakeDicomWebServer pacs = new();
    private readonly ViewerBuildFolder build = new();
    private TestIdentityProvider provider = null!;

    public async Task InitializeAsync() => provider = await TestIdentityProvider.StartAsync();

    public async Task DisposeAsync()
    {
        await provider.DisposeAsync();
        build.Dispose();
        pacs.Dispose();
    }

    private ReportApiFactory Api(Action<Dictionary<string, string?>>? change = null)
    {
        Dictionary<string, string?> settings = provider.Settings(ApiKey);
        settings["Database:ConnectionString"] = stack.ReaderConnectionString;
        settings["Storage:OutputRoot"] = stack.OutputRoot;
        settings["Viewer:DistPath"] = build.Path;
        settings["Pacs:DicomWebBaseUrl"] = PacsRoot.TrimEnd('/');
        settings["Pacs:Username"] = "pacs-user";
        settings["Pacs:Password"] = "pacs-password";
        change?.Invoke(settings);
        return new ReportApiFactory(settings, services: s =>
            s.AddHttpClient(DicomWebProxy.ClientName).ConfigurePrimaryHttpMessageHandler(() => pacs));
    }

    private static HttpClient Client(ReportApiFactory api) =>
        api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static HttpRequestMessage Get(string path, string? apiKey = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    [Fact]
    public async Task Proxy_Reader_ForwardsGetWithThePacsCredentialsAcceptAndQuery()
    {
        using ReportApiFactory api = Api();
        using HttpClient client = Client(api);
        using HttpRequestMessage request = Get("/dicom-web/studies/1.2.3/series?includefield=0008103E&limit=5", apiKey: ApiKey);
        request.Headers.Accept.ParseAdd("application/dicom+json");

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        HttpRequestMessage forwarded = Assert.Single(pacs.Requests);
        Assert.Equal(HttpMethod.Get, forwarded.Method);
        Assert.Equal(PacsRoot + "studies/1.2.3/series?includefield=0008103E&limit=5", forwarded.RequestUri!.ToString());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("pacs-user:pacs-password")),
            forwarded.Headers.Authorization?.ToString());
        Assert.Equal("application/dicom+json", forwarded.Headers.Accept.ToString());
        Assert.False(forwarded.Headers.Contains("X-Api-Key"));
        Assert.StartsWith("proto=http;host=", string.Join(',', forwarded.Headers.GetValues("Forwarded")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dicom-web/studies/../../system")]
    [InlineData("/dicom-web/%2e%2e/%2e%2e/system")]
    [InlineData("/dicom-web/studies/..%2F..%2Fsystem")]
    [InlineData("/dicom-web/studies%2F..%2F..%2Ftools%2Fexecute-script")]
    [InlineData("/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/bulk/..%2f..%2f..%2f..%2f..%2fpatients")]
    [InlineData("/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1/../../../../../../../instances")]
    [InlineData("/dicom-web/..\\..\\system")]
    [InlineData("/dicom-web//pacs.test:8042/system")]
    [InlineData("/dicom-web/patients")]
    public async Task Proxy_PathTryingToLeaveTheDicomWebRoot_RefusedAndNeverForwarded(string path)
    {
        using ReportApiFactory api = Api();
        int port = FreePort.Next();
        api.UseKestrel(port);
        api.StartServer();

        // The bytes exactly as written (an HttpClient would tidy the dot segments and escapes before sending).
        int status = await RawGetAsync(port, path, ApiKey);
        int sanity = await RawGetAsync(port, "/dicom-web/studies/1.2.3/series", ApiKey);

        Assert.True(status is 400 or 404, $"{path}: {status}");
        Assert.Equal(200, sanity);
        HttpRequestMessage only = Assert.Single(pacs.Requests);
        Assert.Equal(PacsRoot + "studies/1.2.3/series", only.RequestUri!.ToString());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Proxy_AnythingButGet_405AndNeverForwarded(string method)
    {
        using ReportApiFactory api = Api();
        using HttpClient client = Client(api);
        using var request = new HttpRequestMessage(new HttpMethod(method), "/dicom-web/studies");
        request.Headers.Add("X-Api-Key", ApiKey);
        request.Content = new ByteArrayContent([1, 2, 3]);

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Empty(pacs.Requests);
    }

    [Fact]
    public async Task Proxy_AnswerLargerThanTheCap_NotPassedOn()
    {
        using ReportApiFactory api = Api(s => s["Viewer:MaxResponseBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using HttpClient client = Client(api);
        byte[] twoMiB = new byte[2 * 1024 * 1024];

        // Announced by Content-Length: refused before a byte is passed on.
        pacs.Answer = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(twoMiB) });
        using (HttpResponseMessage announced = await client.SendAsync(Get("/dicom-web/studies/1.2.3", apiKey: ApiKey)))
            Assert.Equal(HttpStatusCode.BadGateway, announced.StatusCode);

        // Unannounced (a stream of unknown length): cut off at the cap, so the caller never gets the whole answer.
        pacs.Answer = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new UnknownLengthStream(twoMiB)),
        });
        long received = 0;
        try
        {
            using HttpResponseMessage streamed = await client.SendAsync(Get("/dicom-web/studies/1.2.3", apiKey: ApiKey));
            received = (await streamed.Content.ReadAsByteArrayAsync()).Length;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            received = -1; // the connection was cut: nothing usable arrived
        }
        Assert.True(received <= 1024 * 1024, $"{received} bytes passed on");
    }

    [Fact]
    public async Task Proxy_PacsSlowerThanTheTimeout_504()
    {
        using ReportApiFactory api = Api(s => s["Viewer:TimeoutSeconds"] = "1");
        using HttpClient client = Client(api);
        pacs.Answer = async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using HttpResponseMessage response = await client.SendAsync(Get("/dicom-web/studies", apiKey: ApiKey));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
    }

    [Fact]
    public async Task Viewer_NotSignedIn_BrowserGetsTheLoginScriptsGet401NoImageLeaves()
    {
        using ReportApiFactory api = Api();
        using HttpClient client = Client(api);

        using HttpResponseMessage page = await client.SendAsync(Get("/viewer/viewer?StudyInstanceUIDs=1.2.3"));
        using HttpResponseMessage config = await client.SendAsync(Get("/viewer/app-config.js"));
        using HttpResponseMessage images = await client.SendAsync(Get("/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1"));
        using HttpResponseMessage wrongKey = await client.SendAsync(Get("/dicom-web/studies", apiKey: new string('x', 40)));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(provider.AuthorizeEndpoint, page.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, config.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, images.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Empty(pacs.Requests);
    }

    [Fact]
    public async Task Viewer_TokenWithoutTheReaderRole_403_WithIt_200()
    {
        using ReportApiFactory api = Api();
        using HttpClient client = Client(api);
        string outsider = provider.Token(TestIdentityProvider.Audience, ["tinyunet-admin"], DateTimeOffset.UtcNow.AddMinutes(30));
        string reader = provider.Token(TestIdentityProvider.Audience, [Reader], DateTimeOffset.UtcNow.AddMinutes(30));

        foreach (string path in new[] { "/viewer/", "/dicom-web/studies" })
        {
            using HttpResponseMessage refused = await client.SendAsync(Get(path, bearer: outsider));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        Assert.Empty(pacs.Requests);
        foreach (string path in new[] { "/viewer/", "/dicom-web/studies" })
        {
            using HttpResponseMessage allowed = await client.SendAsync(Get(path, bearer: reader));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        Assert.Single(pacs.Requests);
    }

    [Fact]
    public async Task Viewer_ServesTheBuildMovedUnderViewerWithOurConfig()
    {
        using ReportApiFactory api = Api();
        using HttpClient client = Client(api);
        async Task<HttpResponseMessage> GetAsync(string path) => await client.SendAsync(Get(path, apiKey: ApiKey));

        string index = await (await GetAsync("/viewer/")).Content.ReadAsStringAsync();
        Assert.Contains("window.PUBLIC_URL=\"/viewer/\"", index, StringComparison.Ordinal);
        Assert.Contains($"src=\"/viewer/{ViewerBuildFolder.Bundle}\"", index, StringComparison.Ordinal);
        Assert.Contains("src=\"/viewer/app-config.js\"", index, StringComparison.Ordinal);
        Assert.Contains("href=\"/viewer/manifest.json\"", index, StringComparison.Ordinal);
        Assert.Contains("href=\"https://ohif.org/\"", index, StringComparison.Ordinal);
        Assert.Equal(index, await (await GetAsync("/viewer/viewer?StudyInstanceUIDs=1.2.3")).Content.ReadAsStringAsync());
        Assert.Contains("__webpack_require__.p = \"/viewer/\"", await (await GetAsync("/viewer/" + ViewerBuildFolder.Bundle)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("url(/viewer/a1b2.woff2)", await (await GetAsync("/viewer/app.bundle.css")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        string config = await (await GetAsync("/viewer/app-config.js")).Content.ReadAsStringAsync();
        Assert.Contains("routerBasename: '/viewer'", config, StringComparison.Ordinal);
        Assert.Contains("wadoRoot: window.location.origin + '/dicom-web'", config, StringComparison.Ordinal);
        Assert.DoesNotContain("the build's own", config, StringComparison.Ordinal);
        using HttpResponseMessage wasm = await GetAsync("/viewer/codec.wasm");
        Assert.Equal("application/wasm", wasm.Content.Headers.ContentType?.MediaType);
        Assert.Contains("frame-ancestors 'none'", wasm.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/viewer/missing.bundle.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/viewer/..%2Fsecret.txt")).StatusCode);
        using HttpResponseMessage bare = await GetAsync("/viewer");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/viewer/", bare.Headers.Location?.ToString());
        string info = await (await GetAsync("/api/viewer")).Content.ReadAsStringAsync();
        Assert.Equal("{\"enabled\":true,\"studyUrlPrefix\":\"/viewer/viewer?StudyInstanceUIDs=\"}", info);
    }

    [Theory]
    [InlineData("Viewer:DistPath")]
    [InlineData("Pacs:DicomWebBaseUrl")]
    public async Task Viewer_WithoutTheBuildOrThePacs_NoViewerNoProxyNoLinks(string unset)
    {
        using ReportApiFactory api = Api(s => s[unset] = "");
        using HttpClient client = Client(api);

        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Get("/viewer/", apiKey: ApiKey))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Get("/dicom-web/studies", apiKey: ApiKey))).StatusCode);
        string info = await (await client.SendAsync(Get("/api/viewer", apiKey: ApiKey))).Content.ReadAsStringAsync();
        Assert.Equal("{\"enabled\":false,\"studyUrlPrefix\":null}", info);
        Assert.Empty(pacs.Requests);
    }

    private static async Task<int> RawGetAsync(int port, string path, string apiKey)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using NetworkStream stream = tcp.GetStream();
        byte[] request = Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nX-Api-Key: {apiKey}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A stream that does not tell its length, as a chunked answer of the PACS.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
