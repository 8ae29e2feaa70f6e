using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using TinyUNet.ReportApi.Authentication;
using TinyUNet.ReportApi.Viewer;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Access control. One default scheme picks per request: an API key header → the key scheme; an Authorization: Bearer
/// header → JwtBearer; anything else (browsers) → the sign-in cookie, whose challenge starts the OpenID Connect
/// authorization-code flow for pages and answers 401 for /api. Every endpoint needs the reader role unless it says
/// otherwise (health). Without Auth:Authority only API keys count (no token schemes); without Auth:ClientId there is no
/// browser sign-in (cookie and OIDC are not registered); with <see cref="AuthMode.None"/> nothing is (MapReportApi
/// logs the warning).
/// </summary>
public static class ReportAuthServiceExtensions
{
    /// <param name="settings">The Auth section as bound while registering: it decides which schemes exist; their
    /// options are configured from the validated <see cref="ReportAuthOptions"/> when first used.</param>
    public static IServiceCollection AddReportApiAuthentication(this IServiceCollection services, ReportAuthOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Off: no scheme, no policy, no middleware (the host adds authentication middleware whenever schemes exist).
        if (settings.Mode == AuthMode.None) return services;
        bool tokens = settings.UsesProvider, browsers = tokens && !string.IsNullOrWhiteSpace(settings.ClientId);
        AuthenticationBuilder authentication = services.AddAuthentication(ReportAuthSchemes.PerRequest)
            .AddPolicyScheme(ReportAuthSchemes.PerRequest, "Per request", _ => { })
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ReportAuthSchemes.ApiKey, _ => { });
        if (tokens) authentication.AddJwtBearer(ReportAuthSchemes.Bearer, _ => { });
        if (browsers)
            authentication.AddCookie(ReportAuthSchemes.Cookie, _ => { })
                .AddOpenIdConnect(ReportAuthSchemes.OpenIdConnect, _ => { });
        if (browsers && Path.IsPathFullyQualified(settings.DataProtectionKeysPath))
        {
            // Replicas must read each other's cookies and sign-in state: one key ring, one application name.
            services.AddDataProtection().SetApplicationName("TinyUNet.ReportApi")
                .PersistKeysToFileSystem(new DirectoryInfo(settings.DataProtectionKeysPath));
        }

        Configure<PolicySchemeOptions>(services, ReportAuthSchemes.PerRequest, (o, auth) => o.ForwardDefaultSelector = context =>
            context.Request.Headers.ContainsKey(auth.ApiKeyHeader) || !tokens ? ReportAuthSchemes.ApiKey
            : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? ReportAuthSchemes.Bearer
            : browsers ? ReportAuthSchemes.Cookie
            : ReportAuthSchemes.Bearer);
        Configure<JwtBearerOptions>(services, ReportAuthSchemes.Bearer, ConfigureBearer);
        Configure<ApiKeyAuthenticationOptions>(services, ReportAuthSchemes.ApiKey, (o, auth) =>
        {
            o.HeaderName = auth.ApiKeyHeader;
            o.Keys = auth.UsableApiKeys;
            o.Role = auth.ReaderRole;
            o.RoleClaimType = auth.RoleClaim;
        });
        Configure<CookieAuthenticationOptions>(services, ReportAuthSchemes.Cookie, ConfigureCookie);
        Configure<OpenIdConnectOptions>(services, ReportAuthSchemes.OpenIdConnect, ConfigureOpenIdConnect);

        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<ReportAuthOptions>>((o, auth) =>
        {
            AuthorizationPolicy reader = new AuthorizationPolicyBuilder(ReportAuthSchemes.PerRequest)
                .RequireAuthenticatedUser().RequireRole(auth.Value.ReaderRole).Build();
            o.AddPolicy(ReportAuthSchemes.ReaderPolicy, reader);
            o.FallbackPolicy = reader;
        });
        return services;
    }

    private static void ConfigureBearer(JwtBearerOptions o, ReportAuthOptions auth)
    {
        o.Authority = auth.Authority;
        o.Audience = auth.Audience;
        o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        // Claims keep the provider's names ("roles", "sub"), so RoleClaim means what the token says.
        o.MapInboundClaims = false;
        o.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
        o.TokenValidationParameters.NameClaimType = "sub";
        o.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o, ReportAuthOptions auth)
    {
        o.Cookie.Name = "TinyUNet.Report";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.ForwardChallenge = ReportAuthSchemes.OpenIdConnect;
        // Signed in without the reader role: 403, not a redirect to an access-denied page this API does not have.
        o.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, ReportAuthOptions auth)
    {
        o.Authority = auth.Authority;
        o.ClientId = auth.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(auth.ClientSecret) ? null : auth.ClientSecret;
        o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.SignInScheme = ReportAuthSchemes.Cookie;
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
        o.TokenValidationParameters.NameClaimType = "sub";
        // Scripts calling /api or the viewer's DICOMweb proxy with an expired cookie get 401 (the page reloads to sign
        // in), never a redirect they cannot follow; pages (/, /viewer/) redirect to the sign-in.
        o.Events.OnRedirectToIdentityProvider = context =>
        {
            if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments(DicomWebProxy.Root))
                return Task.CompletedTask;
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static void Configure<T>(IServiceCollection services, string scheme, Action<T, ReportAuthOptions> configure)
        where T : class =>
        services.AddOptions<T>(scheme).Configure<IOptions<ReportAuthOptions>>((o, auth) => configure(o, auth.Value));
}
