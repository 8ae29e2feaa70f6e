using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TinyUNet.TestSupport;

namespace TinyUNet.Reporting.Tests.Support;

/// <summary>
/// A tiny OpenID Connect provider on a loopback port: a discovery document and a JWKS with one RSA key, so the API
/// fetches metadata and keys exactly as from a real provider, and <see cref="Token"/> signs tokens with that key.
/// Its authorize endpoint only exists in the discovery document (tests check that browsers are sent there).
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string Audience = "tinyunet-report-api";
    public const string ClientId = "tinyunet-report-page";
    private readonly RSA rsa;
    private readonly RsaSecurityKey key;
    private readonly WebApplication app;

    private TestIdentityProvider(WebApplication app, RSA rsa, RsaSecurityKey key, string issuer)
    {
        this.app = app;
        this.rsa = rsa;
        this.key = key;
        Issuer = issuer;
    }

    public string Issuer { get; }
    public string AuthorizeEndpoint => Issuer + "/authorize";

    public static async Task<TestIdentityProvider> StartAsync()
    {
        string issuer = $"http://127.0.0.1:{FreePort.Next()}";
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(issuer);
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "test-key-1" };
        JsonWebKey jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = key.KeyId });
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/authorize",
            ["token_endpoint"] = issuer + "/token",
            ["jwks_uri"] = issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } } }));
        await app.StartAsync();
        return new TestIdentityProvider(app, rsa, key, issuer);
    }

    /// <summary>A signed access token for the given audience, with the given roles, valid until <paramref name="expires"/>.</summary>
    public string Token(string audience, string[] roles, DateTimeOffset expires)
    {
        var claims = new Dictionary<string, object> { ["roles"] = roles, ["sub"] = "operator-1" };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires.UtcDateTime.AddHours(-1),
            NotBefore = expires.UtcDateTime.AddHours(-1),
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The API's Auth settings for this provider (HTTP metadata is allowed: it is a loopback test).</summary>
    public Dictionary<string, string?> Settings(params string[] apiKeys)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Required",
            ["Auth:Authority"] = Issuer,
            ["Auth:Audience"] = Audience,
            ["Auth:ClientId"] = ClientId,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:ReaderRole"] = "tinyunet-reader",
        };
        for (int i = 0; i < apiKeys.Length; i++) settings[$"Auth:ApiKeys:{i}"] = apiKeys[i];
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        rsa.Dispose();
    }
}
