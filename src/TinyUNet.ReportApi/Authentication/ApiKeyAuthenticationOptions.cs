using Microsoft.AspNetCore.Authentication;

namespace TinyUNet.ReportApi.Authentication;

/// <summary>The API key scheme's settings, filled from <see cref="ReportAuthOptions"/>.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public string HeaderName { get; set; } = "X-Api-Key";
    public IReadOnlyList<string> Keys { get; set; } = [];
    /// <summary>The role a valid key grants (machine clients read; nothing else exists).</summary>
    public string Role { get; set; } = "";
    public string RoleClaimType { get; set; } = "roles";
}
