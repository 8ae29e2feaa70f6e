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
/// fetches metadata and keys exactly as from a real provider, and <see cref="Token"/> signs tokens with that key. For
/// browsers it runs the authorization-code flow: /authorize signs the operator in at once (no login form) with
/// <see cref="OperatorRoles"/> and returns a one-time code; /token checks the code, its redirect URI and the PKCE
/// verifier and answers with an ID token (with the nonce) and an access token.
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
    /// <summary>The roles of whoever signs in through /authorize.</summary>
    public string[] OperatorRoles { get; set; } = ["tinyunet-reader"];
    /// <summary>How many codes /token has exchanged (a browser test checks that the flow really ran).</summary>
    public int CodesExchanged => codesExchanged;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Grant> codes = new();
    private int codesExchanged;

    private sealed record Grant(string ClientId, string RedirectUri, string? Nonce, string? Challenge);

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
        var provider = new TestIdentityProvider(app, rsa, key, issuer);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.ExchangeAsync);
        await app.StartAsync();
        return provider;
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        if (q["response_type"] != "code" || string.IsNullOrEmpty(q["redirect_uri"])) return Results.BadRequest();
        string code = Guid.NewGuid().ToString("N");
        codes[code] = new Grant(q["client_id"].ToString(), q["redirect_uri"].ToString(), q["nonce"], q["code_challenge"]);
        string redirect = q["redirect_uri"].ToString(), state = q["state"].ToString();
        if (q["response_mode"] != "form_post")
            return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(state)}");
        string Encode(string value) => System.Net.WebUtility.HtmlEncode(value);
        return Results.Content($"""
            <!DOCTYPE html><html><body onload="document.forms[0].submit()">
            <form method="post" action="{Encode(redirect)}"><input type="hidden" name="code" value="{code}">
            <input type="hidden" name="state" value="{Encode(state)}"></form></body></html>
            """, "text/html");
    }

    private async Task<IResult> ExchangeAsync(HttpRequest request)
    {
        IFormCollection form = await request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code" || !codes.TryRemove(form["code"].ToString(), out Grant? grant)
            || form["redirect_uri"] != grant.RedirectUri
            || (grant.Challenge is not null
                && Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge))
            return Results.BadRequest(new { error = "invalid_grant" });
        Interlocked.Increment(ref codesExchanged);
        DateTimeOffset expires = DateTimeOffset.UtcNow.AddHours(1);
        string access = Token(Audience, OperatorRoles, expires);
        // at_hash: the left half of SHA-256 of the access token, as OpenID Connect Core 3.1.3.6 defines it.
        string atHash = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(access))[..16]);
        var claims = new Dictionary<string, object> { ["roles"] = OperatorRoles, ["sub"] = "operator-1", ["at_hash"] = atHash };
        if (grant.Nonce is not null) claims["nonce"] = grant.Nonce;
        string id = Sign(grant.ClientId, claims, expires);
        return Results.Json(new { access_token = access, id_token = id, token_type = "Bearer", expires_in = 3600 });
    }

    /// <summary>A signed access token for the given audience, with the given roles, valid until <paramref name="expires"/>.</summary>
    public string Token(string audience, string[] roles, DateTimeOffset expires) =>
        Sign(audience, new Dictionary<string, object> { ["roles"] = roles, ["sub"] = "operator-1" }, expires);

    private string Sign(string audience, Dictionary<string, object> claims, DateTimeOffset expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires.UtcDateTime.AddHours(-1),
            NotBefore = expires.UtcDateTime.AddHours(-1),
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

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
