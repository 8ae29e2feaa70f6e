using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Worker.Configuration;

namespace TinyUNet.Worker.Internal;

/// <summary>Says once, at start, when studies will not be linked into patients (no site secret), instead of silently.</summary>
internal sealed class PseudonymisationCheck(IOptions<PseudonymisationOptions> options, ILogger<PseudonymisationCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.SiteSecret)) Log.NoPatientKeys(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
