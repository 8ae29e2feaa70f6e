using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace TinyUNet.Reporting.Tests.Support;

/// <summary>
/// The real report API host, in-process, with the given settings (section:key → value) instead of the environment's,
/// and optionally one more log provider and service replacements (e.g. the DICOMweb proxy's PACS).
/// </summary>
public sealed class ReportApiFactory(IReadOnlyDictionary<string, string?> settings, ILoggerProvider? logs = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        // As host settings too: those are visible while Program registers services (which authentication schemes exist
        // depends on Auth:*), app configuration only from Build on.
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (logs is not null) builder.ConfigureLogging(logging => logging.AddProvider(logs));
        if (services is not null) builder.ConfigureTestServices(services);
    }
}
