using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TinyUNet.ReportApi.Authentication;

/// <summary>
/// Machine clients: a request whose API key header holds one of the configured keys is a reader. No header: no result
/// (another scheme may apply); a wrong key: failure, so the caller gets 401.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Options.HeaderName, out var values)) return Task.FromResult(AuthenticateResult.NoResult());
        int index = values.Count == 1 ? Match(values[0] ?? "", Options.Keys) : -1;
        if (index < 0) return Task.FromResult(AuthenticateResult.Fail("Invalid API key."));
        // The key's position names the client in logs and claims; the key itself never leaves this method.
        var identity = new ClaimsIdentity(
            [new Claim("sub", $"api-key-{index}"), new Claim(Options.RoleClaimType, Options.Role)],
            Scheme.Name, "sub", Options.RoleClaimType);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Options.HeaderName}\"";
        return Task.CompletedTask;
    }

    /// <summary>
    /// The index of the matching key, or -1. Constant time: both sides are hashed first (so lengths leak nothing) and
    /// every key is compared, whether or not an earlier one matched.
    /// </summary>
    public static int Match(string presented, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(keys);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        int found = -1;
        for (int i = 0; i < keys.Count; i++)
        {
            bool equal = CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(keys[i])));
            found = equal && found < 0 ? i : found;
        }
        return presented.Length == 0 ? -1 : found;
    }
}
