namespace TinyUNet.ReportApi.Authentication;

/// <summary>The authentication scheme names and the one authorization policy.</summary>
public static class ReportAuthSchemes
{
    /// <summary>The default: picks one of the others per request (see ReportAuthServiceExtensions).</summary>
    public const string PerRequest = "PerRequest";
    public const string Bearer = "Bearer";
    public const string ApiKey = "ApiKey";
    public const string Cookie = "Cookie";
    public const string OpenIdConnect = "OpenIdConnect";
    public const string ReaderPolicy = "Reader";
}
