using TinyUNet.Hosting;

namespace TinyUNet.ReportApi.Authentication;

/// <summary>
/// Who may read reports (section Auth). Required by default: OpenID Connect bearer tokens carrying <see cref="ReaderRole"/>
/// in <see cref="RoleClaim"/> (when <see cref="Authority"/> is set), and/or one of <see cref="ApiKeys"/> in
/// <see cref="ApiKeyHeader"/>; browsers sign in with the authorization-code flow when <see cref="ClientId"/> is set too.
/// <see cref="AuthMode.None"/> turns all of it off.
/// </summary>
public sealed class ReportAuthOptions : IValidatedOptions
{
    public const string Section = "Auth";
    /// <summary>Shorter keys are refused: a key is a password that nobody types.</summary>
    public const int MinApiKeyLength = 32;

    public AuthMode Mode { get; set; } = AuthMode.Required;
    /// <summary>The identity provider's issuer URL; its discovery document and signing keys are read from there.</summary>
    public string Authority { get; set; } = "";
    /// <summary>The audience bearer tokens must name (the API's client or resource id at the provider).</summary>
    public string Audience { get; set; } = "";
    /// <summary>Only for providers reached over plain HTTP inside a closed network (and tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    public string ReaderRole { get; set; } = "tinyunet-reader";
    /// <summary>The token claim that lists roles ("roles" for Entra ID, Keycloak with a flat "roles" mapper, …).</summary>
    public string RoleClaim { get; set; } = "roles";
    /// <summary>The report page's client at the provider (browser sign-in); empty: no browser sign-in, API callers only.</summary>
    public string ClientId { get; set; } = "";
    /// <summary>Confidential clients only (from the environment or a secret, never appsettings); PKCE is used either way.</summary>
    public string ClientSecret { get; set; } = "";
    public string ApiKeyHeader { get; set; } = "X-Api-Key";
    /// <summary>
    /// A folder shared by every replica where the keys that protect sign-in cookies live. Empty: keys in memory, so a
    /// restart signs everyone out and, with several replicas, a cookie from one is unreadable by the others.
    /// </summary>
    public string DataProtectionKeysPath { get; set; } = "";
    /// <summary>
    /// Keys of machine clients (Auth__ApiKeys__0, __1, …: several, so a key can be rotated without downtime). Empty
    /// entries are ignored: a deployment may pass a slot from an optional secret that holds nothing.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    public IReadOnlyList<string> UsableApiKeys => ApiKeys.Where(k => !string.IsNullOrEmpty(k)).ToList();

    /// <summary>Whether an identity provider is configured (bearer tokens, and browser sign-in with a client id).</summary>
    public bool UsesProvider => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<string> Validate()
    {
        if (Mode == AuthMode.None) yield break;
        if (!UsesProvider)
        {
            // API keys alone are a valid set-up (scripts only, no identity provider); nothing at all is not.
            if (UsableApiKeys.Count == 0)
                yield return $"{Section}:Authority (the identity provider's URL) or at least one {Section}:ApiKeys entry is needed (or set {Section}:Mode=None).";
            if (!string.IsNullOrWhiteSpace(ClientId)) yield return $"{Section}:ClientId needs {Section}:Authority.";
        }
        else if (!Uri.TryCreate(Authority, UriKind.Absolute, out Uri? authority) || authority.Scheme is not ("https" or "http"))
            yield return $"{Section}:Authority must be the identity provider's absolute URL.";
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
            yield return $"{Section}:Authority is plain HTTP: use HTTPS, or set {Section}:RequireHttpsMetadata=false on a closed network.";
        if (UsesProvider && string.IsNullOrWhiteSpace(Audience)) yield return $"{Section}:Audience must name the API's audience.";
        if (string.IsNullOrWhiteSpace(ReaderRole)) yield return $"{Section}:ReaderRole must not be empty.";
        if (string.IsNullOrWhiteSpace(RoleClaim)) yield return $"{Section}:RoleClaim must not be empty.";
        if (string.IsNullOrWhiteSpace(ApiKeyHeader)) yield return $"{Section}:ApiKeyHeader must not be empty.";
        if (DataProtectionKeysPath.Length > 0 && !Path.IsPathFullyQualified(DataProtectionKeysPath))
            yield return $"{Section}:DataProtectionKeysPath must be an absolute path (or empty).";
        for (int i = 0; i < ApiKeys.Count; i++)
            if (!string.IsNullOrEmpty(ApiKeys[i]) && ApiKeys[i].Length < MinApiKeyLength)
                yield return $"{Section}:ApiKeys:{i} must be at least {MinApiKeyLength} characters long.";
    }
}

/// <summary>Whether callers must prove who they are (the default) or, on a closed lab network only, nobody is asked.</summary>
public enum AuthMode
{
    Required,
    None,
}
