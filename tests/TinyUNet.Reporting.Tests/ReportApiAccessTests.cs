using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using TinyUNet.Reporting.Tests.Support;

namespace TinyUNet.Reporting.Tests;

/// <summary>
/// Access control of the report API host against a real (tiny, in-test) OpenID Connect provider: its discovery
/// document and signing keys are fetched over HTTP as in production; tokens are signed with its key.
/// </summary>
[Collection(ReportStackCollection.Name)]
public sealed class ReportApiAccessTests(ReportStackFixture stack) : IAsyncLifetime
{
    private const string Reader = "tinyunet-reader";
    private static readonly string ApiKey = new('k', 40);
    private static readonly string OtherApiKey = "0123456789abcdef0123456789abcdef-second";
    private TestIdentityProvider provider = null!;
    private ReportApiFactory factory = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        provider = await TestIdentityProvider.StartAsync();
        Dictionary<string, string?> settings = provider.Settings(ApiKey, OtherApiKey);
        settings["Database:ConnectionString"] = stack.ReaderConnectionString;
        settings["Storage:OutputRoot"] = stack.OutputRoot;
        factory = new ReportApiFactory(settings);
        client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    private async Task<HttpStatusCode> GetAsync(string path, string? bearer = null, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        using HttpResponseMessage response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private string Token(string[] roles, string audience = TestIdentityProvider.Audience, double expiresInMinutes = 30) =>
        provider.Token(audience, roles, DateTimeOffset.UtcNow.AddMinutes(expiresInMinutes));

    [Fact]
    public async Task Api_NoCredentials_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies.csv"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync($"/api/studies/{Seed.Uid()}"));
    }

    [Fact]
    public async Task Api_ExpiredWrongAudienceOrForeignToken_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies", Token([Reader], expiresInMinutes: -10)));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies", Token([Reader], audience: "some-other-api")));
        await using TestIdentityProvider stranger = await TestIdentityProvider.StartAsync();
        string foreign = stranger.Token(TestIdentityProvider.Audience, [Reader], DateTimeOffset.UtcNow.AddMinutes(30));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies", foreign));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies", "not.a.token"));
    }

    [Fact]
    public async Task Api_ValidTokenWithoutReaderRole_403()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync("/api/studies", Token([])));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync("/api/studies", Token(["tinyunet-admin"])));
    }

    [Fact]
    public async Task Api_ValidTokenWithReaderRole_200()
    {
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/api/studies", Token([Reader])));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/api/studies.csv", Token(["other", Reader])));
    }

    [Fact]
    public async Task Api_ApiKey_RightOnes200WrongOrEmpty401()
    {
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/api/studies", apiKey: ApiKey));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/api/studies.csv", apiKey: OtherApiKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies", apiKey: ApiKey + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies", apiKey: ApiKey[..^1]));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies", apiKey: ""));
        // A wrong key is refused even next to a valid token: a caller that sends a key is judged by it.
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/studies", Token([Reader]), apiKey: "wrong"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/page/report.js")]
    public async Task Page_NoCookie_RedirectedToTheProvidersAuthorizeEndpointForTheCodeFlow(string path)
    {
        using HttpResponseMessage response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Uri location = response.Headers.Location!;
        Assert.StartsWith(provider.AuthorizeEndpoint + "?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(TestIdentityProvider.ClientId, query["client_id"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Contains("openid", query["scope"].ToString().Split(' '));
        Assert.EndsWith("/signin-oidc", query["redirect_uri"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_BearerTokenOrApiKey_ServedWithoutRedirect()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token([Reader]));
        using HttpResponseMessage page = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/page/report.css", apiKey: ApiKey));
    }

    [Fact]
    public async Task Health_NoCredentials_Open()
    {
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/health/live"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/health/ready"));
    }

    [Fact]
    public async Task ModeNone_Anyone_ReadsAndTheHostWarnsAtStartUp()
    {
        var logs = new CollectingLoggerProvider();
        using var open = new ReportApiFactory(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = stack.ReaderConnectionString,
            ["Storage:OutputRoot"] = stack.OutputRoot,
            ["Auth:Mode"] = "None",
        }, logs);
        using HttpClient anonymous = open.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/studies")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);
        var warning = Assert.Single(logs.Entries, e => e.EventId == 3003);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("authentication is OFF", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeysOnly_NoProvider_KeyReadsEverythingElse401()
    {
        using var keysOnly = new ReportApiFactory(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = stack.ReaderConnectionString,
            ["Storage:OutputRoot"] = stack.OutputRoot,
            ["Auth:ApiKeys:0"] = ApiKey,
        });
        using HttpClient machine = keysOnly.CreateClient();
        async Task<HttpStatusCode> Get(string path, string? key = null, string? bearer = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (key is not null) request.Headers.Add("X-Api-Key", key);
            if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using HttpResponseMessage response = await machine.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get("/api/studies", ApiKey));
        Assert.Equal(HttpStatusCode.OK, await Get("/", ApiKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("/api/studies"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("/api/studies", bearer: Token([Reader])));
        Assert.Equal(HttpStatusCode.OK, await Get("/health/ready"));
    }

    [Theory]
    [InlineData(null, null, "Auth:Authority")]
    [InlineData(null, "tinyunet-report-page", "Auth:ClientId needs Auth:Authority")]
    [InlineData("https://sso.example.org", null, "Auth:Audience")]
    [InlineData("http://sso.example.org", null, "RequireHttpsMetadata")]
    public void Validate_IncompleteSettings_NamesWhatIsMissing(string? authority, string? clientId, string expected)
    {
        var options = new ReportApi.Authentication.ReportAuthOptions { Authority = authority ?? "", ClientId = clientId ?? "" };
        Assert.Contains(options.Validate(), problem => problem.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(new ReportApi.Authentication.ReportAuthOptions { Mode = ReportApi.Authentication.AuthMode.None }.Validate());
        Assert.Empty(new ReportApi.Authentication.ReportAuthOptions { ApiKeys = [ApiKey] }.Validate());
    }

    [Fact]
    public void Match_KeysOfOtherLengthsAndContents_OnlyExactOnesMatch()
    {
        string[] keys = [ApiKey, OtherApiKey];
        Assert.Equal(0, ReportApi.Authentication.ApiKeyAuthenticationHandler.Match(ApiKey, keys));
        Assert.Equal(1, ReportApi.Authentication.ApiKeyAuthenticationHandler.Match(OtherApiKey, keys));
        Assert.Equal(-1, ReportApi.Authentication.ApiKeyAuthenticationHandler.Match(ApiKey.ToUpperInvariant(), keys));
        Assert.Equal(-1, ReportApi.Authentication.ApiKeyAuthenticationHandler.Match("", ["", ApiKey]));
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await factory.DisposeAsync();
        await provider.DisposeAsync();
    }
}
