using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TinyUNet.Dicom.Reading;
using TinyUNet.Worker.Inference;

namespace TinyUNet.Worker.Internal;

/// <summary>
/// Resolving the pipelines loads every device's model while the host starts (registered before the bus), and each
/// model runs one small forward pass here, so a bad bundle or a broken device stops the worker before it takes a message.
/// The decoder child processes are started too: an installation that cannot decode in isolation must not take studies.
/// </summary>
internal sealed class ModelWarmup(DevicePipelines pipelines, ILogger<ModelWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var model in pipelines.Models)
        {
            Log.ModelLoaded(logger, model.Manifest.Name, model.Manifest.Version, model.WeightsSha256, model.Device.ToString(), model.Lanes,
                FlipAveragingSource(model));
            if (model.CheckForwardPass() is { } failure)
                throw new InvalidOperationException($"The model on {model.Device} does not work: {failure}.");
        }
        IsolatedGdcm.Shared.Warm();
        // Only the environment can put every thread on one malloc arena, and on the CPU that is worth ~1.5×.
        if (pipelines.Primary.Device.type == TorchSharp.DeviceType.CPU && OperatingSystem.IsLinux()
            && TinyUNet.Model.CpuAllocatorTuning.ArenaMaxFromEnvironment is null)
            Log.SlowAllocatorSetting(logger);
        if (pipelines.Primary.Device.type == TorchSharp.DeviceType.CPU && OperatingSystem.IsLinux())
            Log.CpuAllocator(logger, TinyUNet.Model.JemallocAllocator.ActiveName);
        if (pipelines.Primary.Device.type == TorchSharp.DeviceType.CPU && TinyUNet.Model.MklCpuDispatch.Choice is { } mkl)
            Log.MklKernels(logger, mkl.ToString(), TinyUNet.Model.MklCpuDispatch.FailureReason is { } why ? $": {why}" : "");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>On or off, and who decided: it doubles the forward passes, so an operator should see why.</summary>
    private static string FlipAveragingSource(TinyUNet.Pipeline.Inference.SegmentationModel model) =>
        (model.FlipAveraging ? "on" : "off") + (model.Options.FlipAveraging is null ? " (the bundle's default)" : " (Device:FlipAveraging)");
}
