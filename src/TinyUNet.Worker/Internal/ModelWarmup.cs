using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TinyUNet.Pipeline.Inference;

namespace TinyUNet.Worker.Internal;

/// <summary>
/// Resolving the singleton loads the model while the host starts (registered before the bus), so a bad bundle stops
/// the worker before it takes a message.
/// </summary>
internal sealed class ModelWarmup(SegmentationModel model, ILogger<ModelWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.ModelLoaded(logger, model.Manifest.Name, model.Manifest.Version, model.WeightsSha256, model.Device.ToString());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
